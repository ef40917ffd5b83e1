"""Lab peers: real SIP endpoints (pjsua2, one process each, at most 4 calls) standing in for the world.

- ``peer``: the process (``python -m telephony.lab.peer``), built on ``runtime``, ``commands``,
  ``media`` and ``pjobjects``; it is independent of the softphone engine under test.
- ``client``: spawn and drive peers from Python (``start_peer`` -> ``LabPeer``); API in its docstring.
- ``audio``: WAV reading, Goertzel tone measurement, ``tone_present`` and the ``FREQUENCY_PLAN``.
"""
