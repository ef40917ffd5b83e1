"""The 12345 telephony center: Kamailio configured from resources/kamailio/center.cfg and the queue
director that drives it over evapi (telephony.center.kamailio, telephony.center.evapi)."""
