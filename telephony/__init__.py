"""Telephony: the pjsua2 softphone engine, recorder, queue director (center/) and lab peers (lab/)."""
