"""The fault tests' own PostgreSQL server: a database copied from a template survives a crash
like any other, its sequences included."""

from __future__ import annotations

import pytest

from tests.pgcluster import Cluster

pytestmark = pytest.mark.service


def test_a_database_made_from_a_template_hands_out_no_id_twice_after_a_crash():
    cluster = Cluster().init()
    try:
        cluster.start()
        cluster.create_database("template_db")
        conn = cluster.connect("template_db")
        with conn.cursor() as cursor:
            cursor.execute("CREATE TABLE row (id serial PRIMARY KEY)")
            cursor.execute("INSERT INTO row DEFAULT VALUES")  # the sequence prefetches ahead
        conn.close()
        cluster.create_database("copy_db", template="template_db")
        conn = cluster.connect("copy_db")
        with conn.cursor() as cursor:
            for _ in range(5):
                cursor.execute("INSERT INTO row DEFAULT VALUES")  # committed one by one
        conn.close()
        cluster.stop("immediate")
        cluster.start()
        cluster.wait_until_ready()
        conn = cluster.connect("copy_db")
        with conn.cursor() as cursor:
            cursor.execute("INSERT INTO row DEFAULT VALUES RETURNING id")
            assert cursor.fetchone()[0] > 6
        conn.close()
    finally:
        cluster.destroy()
