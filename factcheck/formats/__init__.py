"""Date formats per language (FORMAT_MODULE_PATH), in place of Django's own.

English: a European newsroom's English, day before month and unambiguous ("11 Mar 2026",
not the US "03/11/2026"). Italian: Django's Italian writes "Mercoledì 02 Dicembre"; Italian
writes names of days and months in lower case and days without a leading zero
("mercoledì 2 dicembre"). The lower-case names themselves are translations of Django's
calendar words in our catalogue (names.py lists them for makemessages), which Django reads
before its own.
"""
