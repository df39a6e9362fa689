"""The review's body: locating it and stripping the cruft around and inside it."""
