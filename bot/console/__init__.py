"""The console channel: the parents' flow and the counsellors' desk in a terminal."""
