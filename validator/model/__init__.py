"""The data every stage hands on: the read document, the matched report, findings and results."""
