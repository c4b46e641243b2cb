"""Texts: the link to a topic after a call, and the text conversation with the line.

wording (GSM-7 words of each text) and numbers (whose mobile may get one) are pure;
policy decides and queues a text from a call, optouts keeps STOP, conversation holds the
rules of a text chat; views are the webhooks; jobs sends through Twilio."""
