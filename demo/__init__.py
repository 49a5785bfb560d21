"""Demo data: the two seed documents of 2010–2011 as structured records."""
