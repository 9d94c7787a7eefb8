#!/usr/bin/env python3
"""Independent reference for src/plan/analysis/fitness.rs's hand-computed test.

Fitness (CTL), fatigue (ATL) and form (TSB) by the definitions alone, in exact fractions:
  CTL_t = CTL_{t-1} + (load_t - CTL_{t-1}) / 42,  ATL_t the same with 7,
  TSB_t = CTL_{t-1} - ATL_{t-1},  CTL_0 = ATL_0 = week 1's average daily load.
Run: python3 tests/fitness_reference.py  (prints day, ctl, atl, tsb to two decimals).
"""
from fractions import Fraction as F

w1 = [0, 300, 0, 200, 0, 0, 500]
w2 = [F(x) * F(6, 5) for x in w1]
w3 = [0, 100, 0, 100, 0, 100, 0]
daily = [F(x) for x in w1] + w2 + [F(x) for x in w3]
ctl = atl = F(sum(w1), 7)
for i, load in enumerate(daily):
    tsb = ctl - atl
    ctl = ctl + (load - ctl) / 42
    atl = atl + (load - atl) / 7
    print(f"{i:2} {float(ctl):8.2f} {float(atl):8.2f} {float(tsb):8.2f}")
