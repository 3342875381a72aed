"""The simulators that stand in for the outside world the terminal talks to: the VSS gateway and the clinic HIS.

Each has one shape: `faults.py` (what can go wrong, switched on by the tester), a domain module
(the remote system's behaviour, no HTTP), `server.py` (the HTTP face and the `...Simulator` class).
`card_hand.py` is the patient's hand over the simulated card, for testers (`checkin run`).
"""
