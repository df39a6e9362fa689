"""``reviewcrawl report``: what a corpus of exported reviews holds, as one HTML page, JSON and a data card."""
