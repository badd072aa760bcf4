"""The statistics of cjm's experiments (src/experiment/) by scipy and statsmodels.

`python3 experiment_reference.py available` prints the versions and exits 0 when both
import. Otherwise it reads a JSON list of cases on standard input and writes a JSON list of
answers, one per case, in the same order. A case is {"test": NAME, ...} with NAME one of
two_proportions, welch, mann_whitney, chance_to_beat, srm, holm, sample_size.
"""

import json
import sys


def main():
    try:
        import numpy as np
        import scipy
        import statsmodels
        from scipy import integrate, stats
        from statsmodels.stats.multitest import multipletests
        from statsmodels.stats.power import NormalIndPower
        from statsmodels.stats.proportion import (
            confint_proportions_2indep,
            proportion_effectsize,
            proportions_ztest,
        )
    except ImportError as e:
        print(f"missing: {e}")
        sys.exit(1)
    if sys.argv[1:] == ["available"]:
        print(f"scipy {scipy.__version__}, statsmodels {statsmodels.__version__}")
        return

    def answer(case):
        test = case["test"]
        if test == "two_proportions":
            xc, nc, xt, nt = case["xc"], case["nc"], case["xt"], case["nt"]
            z, p = proportions_ztest([xt, xc], [nt, nc])
            low, high = confint_proportions_2indep(xt, nt, xc, nc, method="wald", compare="diff")
            out = {"z": z, "p_value": p, "low": low, "high": high}
            if xc > 0 and xt > 0:
                rl, rh = confint_proportions_2indep(xt, nt, xc, nc, method="log", compare="ratio")
                out["relative_low"], out["relative_high"] = rl - 1, rh - 1
            return out
        if test == "welch":
            r = stats.ttest_ind(case["treatment"], case["control"], equal_var=False)
            ci = r.confidence_interval(0.95)
            return {"t": r.statistic, "df": r.df, "p_value": r.pvalue, "low": ci.low, "high": ci.high}
        if test == "mann_whitney":
            r = stats.mannwhitneyu(
                case["treatment"], case["control"], alternative="two-sided", method="asymptotic"
            )
            return {"u": r.statistic, "p_value": r.pvalue}
        if test == "chance_to_beat":
            xc, nc, xt, nt = case["xc"], case["nc"], case["xt"], case["nt"]
            a, b = stats.beta(1 + xc, 1 + nc - xc), stats.beta(1 + xt, 1 + nt - xt)
            lo = min(a.ppf(1e-12), b.ppf(1e-12))
            hi = max(a.isf(1e-12), b.isf(1e-12))
            value, _ = integrate.quad(
                lambda x: b.pdf(x) * a.cdf(x), lo, hi, epsabs=1e-13, epsrel=1e-12, limit=500
            )
            return {"p": value}
        if test == "srm":
            observed = np.array(case["observed"], dtype=float)
            split = np.array(case["split"], dtype=float)
            r = stats.chisquare(observed, observed.sum() * split / split.sum())
            return {"chi_square": r.statistic, "p_value": r.pvalue}
        if test == "holm":
            return {"adjusted": list(multipletests(case["p"], method="holm")[1])}
        if test == "sample_size":
            h = proportion_effectsize(case["baseline"] + case["effect"], case["baseline"])
            n = NormalIndPower().solve_power(
                effect_size=h, alpha=case["alpha"], power=case["power"], ratio=1.0
            )
            return {"n": n}
        raise ValueError(f"unknown test {test}")

    cases = json.load(sys.stdin)
    json.dump([answer(c) for c in cases], sys.stdout, default=float)


main()
