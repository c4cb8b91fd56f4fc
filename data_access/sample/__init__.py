"""Made-up data, never for real use: the built-in sample and the synthetic scales.

* ``shijiazhuang`` — the sample the app shows on its first start: the real Shijiazhuang 2021
  round of seed 000 (its 7 sites and team sizes) and a fictional 2020 round, the demo users;
* ``scale`` — ``manage.py generate``: rounds of a city, a province or the country;
* ``team_ledgers`` — the ledgers of one team (a pure function) and writing them in batches;
* ``profiles`` — how well a team keeps its ledgers (excellent, normal, lagging, risk);
* ``texts`` — site themes and the text templates of every ledger;
* ``names`` — fictional people's names (none of the seeds') and departments;
* ``evaluations`` — a published evaluation of a closed round, scored after the teams' profiles.

Everything is drawn from fixed seeds and fixed dates, never the wall clock, so every run
builds the same rows (only the salted password hashes of the demo users differ).
"""
