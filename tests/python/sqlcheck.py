"""Runs the SQL that `cjm analyze --emit-sql` writes, for tests/integration/analytics_sql.rs.

    python3 sqlcheck.py ENGINE JOBS.json

JOBS.json is a list of {"name", "events", "sql", "table"}: an events file in cjm's input format
(loaded into TABLE, default "events", with the types docs/analytics.md section 7 gives), and
the query to run over it. A job may name "by", a further text column of the file to load
(the column of `cjm analyze --by`). For duckdb a job may bring "setup", SQL that makes the table itself
(the view of docs/analytics.md section 7 over the file), instead of the loading above. Prints {"name": [[section, name, metric, value], ...], ...} as JSON,
NULL values as null.

ENGINE is one of
  duckdb             DuckDB (the `duckdb` package)
  postgres           a throwaway PostgreSQL cluster (initdb, pg_ctl, psql from the machine),
                     with an ICU en-US default collation so that cjm's byte order is tested
  bigquery-duckdb    the BigQuery SQL translated by sqlglot to DuckDB's dialect and run there
  spark              Spark SQL on a local pyspark session (opt-in: pyspark and Java 17+)
  parse              sqlglot parses each job's SQL in the dialect named by the job's "dialect"

`python3 sqlcheck.py available ENGINE` exits 0 when ENGINE can run here, else prints why and
exits 3: the Rust tests then skip with that note.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the work tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from events import read_events  # noqa: E402


def table_parts(job):
    parts = job.get("table", "events").split(".")
    return parts[:-1], parts[-1]


# DuckDB ---------------------------------------------------------------------------------------


def duckdb_load(con, job):
    schemas, table = table_parts(job)
    quote = lambda part: '"' + part.replace('"', '""') + '"'  # noqa: E731
    for schema in schemas:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {quote(schema)}")
    name = ".".join(quote(p) for p in schemas + [table])
    by = job.get("by")
    extra = f", {quote(by)} VARCHAR" if by else ""
    con.execute(
        f'CREATE TABLE {name} (customer_id VARCHAR, "timestamp" TIMESTAMP, event VARCHAR, '
        f"channel VARCHAR, value DOUBLE, transaction_id VARCHAR{extra})"
    )
    rows = read_events(job["events"], by)
    if rows:
        marks = ", ?" if by else ""
        con.executemany(
            f"INSERT INTO {name} VALUES (?, epoch_ms(CAST(? AS BIGINT)), ?, ?, ?, ?{marks})", rows
        )


def run_duckdb(jobs, translate=None):
    import duckdb

    out = {}
    for job in jobs:
        con = duckdb.connect()
        if "setup" in job:
            # The job brings its own loading SQL: the recipe of docs/analytics.md section 7.
            con.execute(job["setup"])
        else:
            duckdb_load(con, job)
        sql = translate(job["sql"]) if translate else job["sql"]
        out[job["name"]] = [list(row) for row in con.execute(sql).fetchall()]
        con.close()
    return out


def bigquery_to_duckdb(sql):
    """The BigQuery query in DuckDB's dialect. sqlglot keeps `x LIKE 'a\\_b'` as it is, but a
    BigQuery LIKE escapes with the backslash and a DuckDB LIKE only with an ESCAPE clause: say
    so. Nothing else is changed."""
    import sqlglot
    from sqlglot import exp

    tree = sqlglot.parse_one(sql, read="bigquery")

    def escape(node):
        if isinstance(node, exp.Like) and not isinstance(node.parent, exp.Escape):
            return exp.Escape(this=node.copy(), expression=exp.Literal.string("\\"))
        return node

    return tree.transform(escape).sql(dialect="duckdb")


# PostgreSQL -----------------------------------------------------------------------------------


def postgres_bin():
    found = shutil.which("pg_ctl")
    if found and os.path.exists(os.path.join(os.path.dirname(os.path.realpath(found)), "psql")):
        return os.path.dirname(os.path.realpath(found))
    root = "/usr/lib/postgresql"
    if os.path.isdir(root):
        for version in sorted(os.listdir(root), key=lambda v: int(v) if v.isdigit() else 0,
                              reverse=True):
            candidate = os.path.join(root, version, "bin")
            if os.path.exists(os.path.join(candidate, "pg_ctl")):
                return candidate
    return None


class Postgres:
    """A cluster in a temporary folder, listening on a socket there only; as the `postgres`
    user when run as root (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.bin = postgres_bin()
        if not self.bin:
            raise RuntimeError("PostgreSQL's initdb and pg_ctl are not installed")
        # A short path under /tmp: the socket's path is limited to about 100 bytes, and the
        # `postgres` user must be able to reach it.
        self.dir = tempfile.mkdtemp(prefix="cjm-pg-", dir="/tmp" if os.path.isdir("/tmp") else None)
        os.chmod(self.dir, 0o755)
        self.prefix = []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        data = os.path.join(self.dir, "data")
        base = self.prefix + [os.path.join(self.bin, "initdb"), "-D", data, "-A", "trust",
                              "-U", "cjm", "-E", "UTF8", "--no-sync"]
        icu = base + ["--locale=C.UTF-8", "--locale-provider=icu", "--icu-locale=en-US"]
        done = subprocess.run(icu, capture_output=True, text=True)
        self.collation = "ICU en-US"
        if done.returncode != 0:
            shutil.rmtree(data, ignore_errors=True)
            self.run(base + ["--locale=C.UTF-8"])
            self.collation = "C.UTF-8"
        self.run(self.prefix + [
            os.path.join(self.bin, "pg_ctl"), "-D", data, "-l", os.path.join(self.dir, "log"),
            "-w", "-o", f"-k {self.dir} -c listen_addresses='' -c fsync=off", "start",
        ])
        self.data = data

    def run(self, command, **kwargs):
        done = subprocess.run(command, capture_output=True, text=True, **kwargs)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def psql(self, sql, database="postgres"):
        return self.run(
            [os.path.join(self.bin, "psql"), "-h", self.dir, "-U", "cjm", "-d", database,
             "-X", "-q", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-F", "\x1f", "-R", "\x1e",
             "-P", "null=\x1d"],
            input=sql,
        )

    def stop(self):
        subprocess.run(self.prefix + [os.path.join(self.bin, "pg_ctl"), "-D", self.data,
                                      "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def pg_literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def run_postgres(jobs):
    server = Postgres()
    try:
        out = {}
        for i, job in enumerate(jobs):
            database = f"job{i}"
            server.psql(f"CREATE DATABASE {database};")
            schemas, table = table_parts(job)
            name = ".".join('"' + p.replace('"', '""') + '"' for p in schemas + [table])
            load = "".join('CREATE SCHEMA "' + s.replace('"', '""') + '";\n' for s in schemas)
            by = job.get("by")
            extra = ', "' + by.replace('"', '""') + '" TEXT' if by else ""
            load += (f'CREATE TABLE {name} (customer_id TEXT, "timestamp" TIMESTAMPTZ, '
                     f"event TEXT, channel TEXT, value DOUBLE PRECISION, transaction_id TEXT{extra});\n")
            rows = read_events(job["events"], by)
            if rows:
                values = ",\n".join(
                    f"({pg_literal(r[0])}, TIMESTAMPTZ 'epoch' + {r[1]} * INTERVAL '1 millisecond', "
                    + ", ".join(pg_literal(v) for v in r[2:]) + ")"
                    for r in rows
                )
                load += f"INSERT INTO {name} VALUES\n{values};\n"
            server.psql(load, database)
            text = server.psql(job["sql"], database)
            rows = [r for r in text.split("\x1e") if r.strip("\n")]
            out[job["name"]] = [
                [None if cell == "\x1d" else cell for cell in r.strip("\n").split("\x1f")]
                for r in rows
            ]
        out["_collation"] = server.collation
        return out
    finally:
        server.stop()


# Spark ----------------------------------------------------------------------------------------


def run_spark(jobs):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import (DoubleType, LongType, StringType, StructField, StructType)
    from pyspark.sql import functions as F

    warehouse = tempfile.mkdtemp(prefix="cjm-spark-")
    spark = (SparkSession.builder.master("local[1]").appName("cjm-sqlcheck")
             .config("spark.sql.warehouse.dir", warehouse)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.shuffle.partitions", "2")
             # The queries are plans of dozens of CTEs, each inlined where it is used: the
             # default 1 GB heap runs out over the fixtures' cases.
             .config("spark.driver.memory", "4g")
             # Broadcasting a join's side per CTE use ran out of memory even so; the
             # fixtures are small, a sort-merge join is quick.
             .config("spark.sql.autoBroadcastJoinThreshold", "-1")
             .config("spark.sql.session.timeZone", "Asia/Jakarta")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    schema = StructType([
        StructField("customer_id", StringType()), StructField("ms", LongType()),
        StructField("event", StringType()), StructField("channel", StringType()),
        StructField("value", DoubleType()), StructField("transaction_id", StringType()),
    ])
    out = {}
    try:
        for job in jobs:
            schemas, table = table_parts(job)
            for s in schemas:
                spark.sql(f"CREATE DATABASE IF NOT EXISTS `{s}`")
            by = job.get("by")
            fields = schema.fields + ([StructField(by, StringType())] if by else [])
            frame = spark.createDataFrame(read_events(job["events"], by), StructType(fields))
            frame = frame.select("customer_id", F.timestamp_millis("ms").alias("timestamp"),
                                 "event", "channel", "value", "transaction_id",
                                 *([by] if by else []))
            name = ".".join(f"`{p}`" for p in schemas + [table])
            spark.sql(f"DROP TABLE IF EXISTS {name}")
            frame.write.saveAsTable(name) if schemas else frame.createOrReplaceTempView(table)
            rows = spark.sql(job["sql"]).collect()
            out[job["name"]] = [list(r) for r in rows]
    finally:
        spark.stop()
        shutil.rmtree(warehouse, ignore_errors=True)
    return out


# sqlglot --------------------------------------------------------------------------------------


def run_parse(jobs):
    import sqlglot
    from sqlglot import exp

    out = {}
    for job in jobs:
        dialect = job["dialect"]
        statements = sqlglot.parse(job["sql"], read=dialect,
                                   error_level=sqlglot.ErrorLevel.RAISE)
        statements = [s for s in statements if s is not None]
        if len(statements) != 1:
            raise RuntimeError(f"{job['name']}: {len(statements)} statements, not one")
        unknown = sorted({f.name for f in statements[0].find_all(exp.Anonymous)})
        out[job["name"]] = {"unknown_functions": unknown}
    return out


# ----------------------------------------------------------------------------------------------


def available(engine):
    try:
        if engine in ("duckdb", "bigquery-duckdb"):
            import duckdb  # noqa: F401
        if engine in ("parse", "bigquery-duckdb"):
            import sqlglot  # noqa: F401
        if engine == "postgres":
            if not postgres_bin():
                return "PostgreSQL (initdb, pg_ctl) is not installed"
            if not shutil.which("psql") and not os.path.exists(
                    os.path.join(postgres_bin(), "psql")):
                return "psql is not installed"
        if engine == "spark":
            try:
                import pyspark  # noqa: F401
            except ImportError:
                return ("pyspark is not installed; the Spark check is opt-in "
                        "(docs/analytics.md section 7)")
            if not shutil.which("java"):
                return "java is not installed"
    except ImportError as e:
        return f"{e.name} is not installed (pip install -r tests/python/requirements.txt)"
    return None


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "available":
        reason = available(sys.argv[2])
        if reason:
            print(reason)
            sys.exit(3)
        return
    engine, jobs_path = sys.argv[1], sys.argv[2]
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    runners = {
        "duckdb": run_duckdb,
        "bigquery-duckdb": lambda jobs: run_duckdb(jobs, translate=bigquery_to_duckdb),
        "postgres": run_postgres,
        "spark": run_spark,
        "parse": run_parse,
    }
    json.dump(runners[engine](jobs), sys.stdout, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
