#!/usr/bin/env python3
"""Expected drift statistics from scipy, for ChurnMonitoring's parity test.

Writes Tests/ChurnMonitoringTests/Fixtures/drift_parity.json. The samples are not stored: each is
described by a SplitMix64 seed and a shape, and both this script and the Swift test draw them with
the same generator and the same floating-point operations (multiplications and additions only, no
transcendental functions), so both sides see bit-identical data. The Swift test
(DriftParityTests) asserts agreement to 1e-6.

    python3 -m pip install scipy numpy
    python3 Benchmarks/python/drift_parity.py            # rewrite the fixture
    python3 Benchmarks/python/drift_parity.py --check    # compare with the committed fixture
"""
import json
import math
import os
import sys

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance

MASK = (1 << 64) - 1
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "ChurnMonitoringTests", "Fixtures", "drift_parity.json")
PSI_EMPTY_BIN_SHARE = 1e-4


class SplitMix64:
    """ChurnModel's SplitMix64, bit for bit."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def unit(self):
        return (self.next() >> 11) * 2.0 ** -53


def draw(spec):
    rng = SplitMix64(spec["seed"])
    out = []
    for _ in range(spec["count"]):
        shape = spec["shape"]
        if shape == "uniform":
            v = spec["offset"] + spec["scale"] * rng.unit()
        elif shape == "irwin_hall":
            s = rng.unit()
            s = s + rng.unit()
            s = s + rng.unit()
            s = s + rng.unit()
            v = spec["offset"] + spec["scale"] * s
        elif shape == "squared":
            u = rng.unit()
            v = spec["offset"] + spec["scale"] * (u * u)
        elif shape == "discrete":
            u = rng.unit()
            if spec.get("squared"):
                u = u * u
            v = float(math.floor(u * spec["levels"]))
        else:
            raise ValueError(shape)
        out.append(v)
    return out


def sample(seed, count, shape, offset=0.0, scale=1.0, levels=None, squared=False):
    spec = {"seed": seed, "count": count, "shape": shape, "offset": offset, "scale": scale}
    if levels is not None:
        spec["levels"] = levels
    if squared:
        spec["squared"] = True
    return spec


def decile_edges(values, bins=10):
    """ReferenceDistribution.numeric's edges."""
    present = sorted(values)
    edges = []
    for b in range(1, bins):
        edge = present[min(len(present) - 1, b * len(present) // bins)]
        if not edges or edges[-1] != edge:
            edges.append(edge)
    return edges


def bin_shares(values, edges):
    counts = np.bincount(np.searchsorted(np.array(edges), np.array(values), side="right"), minlength=len(edges) + 1)
    return counts / len(values)


def psi(ref, cur):
    ref = np.where(ref == 0, PSI_EMPTY_BIN_SHARE, ref)
    cur = np.where(cur == 0, PSI_EMPTY_BIN_SHARE, cur)
    return float(np.sum((ref - cur) * np.log(ref / cur)))


def numeric_case(name, ref_spec, cur_spec):
    ref, cur = draw(ref_spec), draw(cur_spec)
    ks = stats.ks_2samp(ref, cur)  # method='auto'
    method = "exact" if max(len(ref), len(cur)) <= 10000 else "asymptotic"
    edges = decile_edges(ref)
    ref_shares, cur_shares = bin_shares(ref, edges), bin_shares(cur, edges)
    return {
        "name": name, "reference": ref_spec, "current": cur_spec,
        "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue), "ks_method": method,
        "wasserstein": float(stats.wasserstein_distance(ref, cur)),
        "wasserstein_normed": float(stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)),
        "psi_edges": [float(e) for e in edges], "psi": psi(ref_shares, cur_shares),
        "jensenshannon_binned": float(distance.jensenshannon(ref_shares, cur_shares)),
    }


def categorical_case(name, ref_spec, cur_spec):
    ref = [str(int(v)) for v in draw(ref_spec)]
    cur = [str(int(v)) for v in draw(cur_spec)]
    keys = sorted(set(ref) | set(cur))
    ref_counts = np.array([ref.count(k) for k in keys], dtype=float)
    cur_counts = np.array([cur.count(k) for k in keys], dtype=float)
    ref_shares, cur_shares = ref_counts / len(ref), cur_counts / len(cur)
    chi = stats.chisquare(cur_counts, ref_shares * len(cur))  # Evidently's f_exp: reference counts × n_cur / n_ref
    return {
        "name": name, "reference": ref_spec, "current": cur_spec, "categories": keys,
        # JSON has no infinity: a category the reference never saw is null here (and +inf in scipy).
        "chisquare_statistic": float(chi.statistic) if math.isfinite(chi.statistic) else None, "chisquare_pvalue": float(chi.pvalue),
        "jensenshannon": float(distance.jensenshannon(ref_shares, cur_shares)),
        "psi": psi(ref_shares, cur_shares),
    }


def build():
    numeric = [
        # Exact p-values (both samples ≤ 10,000), unequal and equal sizes, with and without a shift.
        numeric_case("exact, no drift", sample(1, 800, "irwin_hall"), sample(2, 1200, "irwin_hall")),
        numeric_case("exact, small shift", sample(3, 800, "irwin_hall"), sample(4, 1500, "irwin_hall", offset=0.05)),
        numeric_case("exact, equal sizes", sample(5, 500, "uniform"), sample(6, 500, "uniform", offset=0.04)),
        numeric_case("exact, ties", sample(7, 300, "discrete", levels=6), sample(8, 700, "discrete", levels=6, squared=True)),
        numeric_case("exact, 1,000 against 10,000", sample(9, 1000, "squared", scale=40), sample(10, 10000, "squared", scale=40, offset=0.3)),
        # Asymptotic p-values (a sample above 10,000): kstwo with n = round(n1 n2 / (n1 + n2)).
        numeric_case("asymptotic, n about 580", sample(11, 600, "irwin_hall"), sample(12, 20000, "irwin_hall", offset=0.03)),
        numeric_case("asymptotic, n about 98", sample(13, 100, "uniform"), sample(14, 12000, "uniform", offset=0.05)),
        numeric_case("asymptotic, clear drift", sample(15, 900, "irwin_hall"), sample(16, 15000, "irwin_hall", offset=0.4)),
        numeric_case("asymptotic, large n", sample(17, 5000, "irwin_hall", scale=3), sample(18, 30000, "irwin_hall", scale=3, offset=0.02)),
    ]
    categorical = [
        categorical_case("categories, no drift", sample(21, 900, "discrete", levels=5), sample(22, 2000, "discrete", levels=5)),
        categorical_case("categories, skewed", sample(23, 700, "discrete", levels=4), sample(24, 3000, "discrete", levels=4, squared=True)),
        categorical_case("categories, new category", sample(25, 500, "discrete", levels=3), sample(26, 800, "discrete", levels=4)),
    ]
    kstwo = []
    for n in [3, 10, 50, 140, 141, 500, 1000, 5000, 150000]:
        for x in [0.001, 0.01, 0.03, 0.05, 0.08, 0.12, 0.2, 0.35, 0.6, 0.9]:
            kstwo.append({"n": n, "x": x, "sf": float(stats.kstwo.sf(x, n))})
    chi2 = []
    for df in [1, 2, 3, 5, 10, 40]:
        for x in [0.01, 0.5, 1.0, 3.0, 7.5, 20.0, 60.0]:
            chi2.append({"df": df, "x": x, "sf": float(stats.chi2.sf(x, df))})
    return {
        "generated_by": "Benchmarks/python/drift_parity.py",
        "scipy": scipy.__version__, "numpy": np.__version__,
        "psi_empty_bin_share": PSI_EMPTY_BIN_SHARE,
        "numeric": numeric, "categorical": categorical, "kstwo_sf": kstwo, "chi2_sf": chi2,
    }


def main():
    fixture = build()
    if "--check" in sys.argv:
        with open(FIXTURE) as f:
            committed = json.load(f)

        def walk(a, b, path):
            if isinstance(a, dict):
                for k in a:
                    if k not in ("scipy", "numpy"):
                        walk(a[k], b[k], f"{path}.{k}")
            elif isinstance(a, list):
                for i, (x, y) in enumerate(zip(a, b)):
                    walk(x, y, f"{path}[{i}]")
            elif isinstance(a, float):
                assert abs(a - b) <= 1e-9, f"{path}: {a} != {b}"
            else:
                assert a == b, f"{path}: {a} != {b}"
        walk(fixture, committed, "")
        print("fixture matches scipy", scipy.__version__)
        return
    os.makedirs(os.path.dirname(FIXTURE), exist_ok=True)
    with open(FIXTURE, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {os.path.normpath(FIXTURE)} with scipy {scipy.__version__}")


if __name__ == "__main__":
    main()
