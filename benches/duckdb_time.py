"""Times DuckDB running cjm's emitted SQL over a CSV of events: `duckdb_time.py SQL CSV RUNS`.

Prints the seconds the RUNS queries took in all, reading the CSV each time (as cjm does), the
import and connection aside. Used by benches/analytics.rs.
"""
import sys
import time

import duckdb

sql_path, csv_path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(sql_path, encoding="utf-8") as f:
    sql = f.read()
con = duckdb.connect()
csv_literal = "'" + csv_path.replace("'", "''") + "'"
# The generated events have no transaction ids: the column the SQL reads is NULL.
con.execute(
    "CREATE VIEW events AS SELECT *, NULL::VARCHAR AS transaction_id FROM read_csv("
    + csv_literal
    + ", header = true, columns = {"
    "'customer_id': 'VARCHAR', 'timestamp': 'TIMESTAMPTZ', 'event': 'VARCHAR', "
    "'channel': 'VARCHAR', 'value': 'DOUBLE'})"
)
total = 0.0
for _ in range(runs):
    start = time.perf_counter()
    con.execute(sql).fetchall()
    total += time.perf_counter() - start
print(total)
