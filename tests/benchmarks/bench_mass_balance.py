"""Benchmark of the mass-balance engine (not a test: it prints ratios, asserts nothing).

For 10k / 100k / 1M ledger lines in one period of a scratch database it measures
``get_balance`` (one material, and each material in turn), ``get_balances`` (every material
from one aggregate; issue 15's target: at most 1.1x the raw GROUP BY at 1M lines) and
``action_close`` as a ratio to one raw SQL ``GROUP BY`` over the same lines in the same
run, and the peak Python memory.

Run it with ``./setup/bench.sh`` (which builds the scratch database ``asi_coc_bench``);
everything it writes is rolled back.
"""

import argparse
import resource
import statistics
import time
import tracemalloc
from datetime import date
from unittest.mock import patch

import odoo
from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry

RAW_GROUP_BY = """
    SELECT material_type_id, direction, flow_type, asi_status, SUM(mass_kg)
      FROM asi_ledger_line WHERE period_id = %s
  GROUP BY material_type_id, direction, flow_type, asi_status
"""


def generate(env, period, n):
    """n lines: three materials, 60 % ASI inputs, ASI outputs well inside the balance."""
    materials = [
        env.ref(f"asi_coc.material_{code}").id
        for code in ("aluminium", "alumina", "scrap_post_consumer")
    ]
    env.cr.execute(
        """
        INSERT INTO asi_ledger_line (date, period_id, company_id, material_type_id, direction,
                                     flow_type, asi_status, mass_kg, close_entry)
        SELECT %(date)s, %(period)s, %(company)s, (%(materials)s::int[])[1 + i %% 3],
               CASE WHEN i %% 5 < 3 THEN 'input' ELSE 'output' END, 'external',
               CASE WHEN i %% 5 < 3 THEN (CASE WHEN i %% 10 < 6 THEN 'asi' ELSE 'non_asi' END)
                    ELSE (CASE WHEN i %% 10 < 6 THEN 'asi' ELSE 'non_asi' END) END,
               CASE WHEN i %% 5 < 3 THEN 1000 ELSE 400 END, false
          FROM generate_series(1, %(n)s) AS i
        """,
        {
            "date": period.date_from,
            "period": period.id,
            "company": period.company_id.id,
            "materials": materials,
            "n": n,
        },
    )
    # Lines written by SQL are not sealed: seal them, as an upgrade does, or the close
    # refuses them (issue 16, point 4).
    env["asi.ledger.line"]._asi_chain_unchained()
    env.cr.execute("ANALYZE asi_ledger_line")


def timed(fn, repeat=5):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def paired(base, fn, repeat=9):
    """fn against base, run side by side (alternated) ``repeat`` times: the ratio of their
    fastest runs, and the median of the run-by-run ratios. On a CPU other processes share,
    the fastest run is the one the others disturbed least."""
    t_base, t_fn = [], []
    for _ in range(repeat):
        t_base.append(timed(base, repeat=1))
        t_fn.append(timed(fn, repeat=1))
    ratios = [b / a for a, b in zip(t_base, t_fn, strict=True)]
    return min(t_fn) / min(t_base), statistics.median(ratios)


def outside_group_by(period, repeat=9):
    """Median seconds get_balances() spends outside its one GROUP BY (ORM, the conversion
    factors' search, summing the rows): what it costs more than the raw query, measured
    within each call, so that the load of other processes on the query does not count."""
    Period = type(period)
    original = Period._ledger_sums
    spent = []

    def timed_sums(self, *args, **kwargs):
        start = time.perf_counter()
        rows = original(self, *args, **kwargs)
        spent.append(time.perf_counter() - start)
        return rows

    samples = []
    with patch.object(Period, "_ledger_sums", timed_sums):
        for _ in range(repeat):
            spent.clear()
            start = time.perf_counter()
            period.get_balances()
            samples.append(time.perf_counter() - start - sum(spent))
    return statistics.median(samples)


def run(env, n, year):
    period = env["asi.accounting.period"].create(
        {"date_from": date(year, 1, 1), "date_to": date(year, 12, 31), "rule_set": "v2_1"}
    )
    generate(env, period, n)
    env.invalidate_all()
    materials = period._material_types()

    def raw():
        env.cr.execute(RAW_GROUP_BY, [period.id])
        env.cr.fetchall()

    def balances():
        for material in materials:
            period.get_balance(material)

    def one_balance():
        period.get_balance(materials[0])

    def all_balances():
        period.get_balances()

    def close():
        with env.cr.savepoint() as sp:
            period.action_close()
            env.flush_all()
            sp.rollback()
        env.invalidate_all(flush=False)

    raw()  # the first scan after the insert sets the rows' hint bits: not measured
    t_raw = timed(raw)
    t_one = timed(one_balance)
    t_balance = timed(balances)
    t_balances = timed(all_balances)
    ratio_balances = (*paired(raw, all_balances), outside_group_by(period))
    tracemalloc.start()
    t_close = timed(close, repeat=3)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return t_raw, t_one, t_balance, t_balances, ratio_balances, t_close, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--sizes", default="10000,100000,1000000")
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = Registry(args.database)
    print(
        f"{'lines':>9} | {'GROUP BY ms':>11} | {'get_balance 1 material':>22} | "
        f"{'get_balance each (3)':>20} | {'get_balances (3)':>17} | {'action_close':>15} | "
        f"{'peak py MB':>10}"
    )
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        for i, n in enumerate(int(s) for s in args.sizes.split(",")):
            with cr.savepoint() as sp:
                t_raw, t_one, t_balance, t_balances, ratio, t_close, peak = run(env, n, 2200 + i)
                env.flush_all()
                sp.rollback()
            env.invalidate_all(flush=False)
            print(
                f"{n:>9,} | {t_raw * 1000:>11.1f} | "
                f"{t_one * 1000:>12.1f} ms {t_one / t_raw:>5.2f}x | "
                f"{t_balance * 1000:>10.1f} ms {t_balance / t_raw:>5.2f}x | "
                f"{t_balances * 1000:>7.1f} ms {t_balances / t_raw:>5.2f}x | "
                f"{t_close * 1000:>6.1f} ms {t_close / t_raw:>5.2f}x | {peak / 2**20:>10.1f}"
            )
            print(
                f"{'':>9}   get_balances / GROUP BY run side by side: fastest {ratio[0]:.2f}x, "
                f"median {ratio[1]:.2f}x; outside its GROUP BY {ratio[2] * 1000:.1f} ms, "
                f"{(t_raw + ratio[2]) / t_raw:.3f}x the raw GROUP BY (issue 15: <= 1.1x at 1M)"
            )
        cr.rollback()
    max_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the process: {max_rss_mb:.0f} MB")


if __name__ == "__main__":
    main()
