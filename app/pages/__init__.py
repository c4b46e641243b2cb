"""The line's public web pages: the topics, plain and large, that texts link to."""
