"""The scripted demo (``hotline demo``): tickets of every profile walked through their lives."""
