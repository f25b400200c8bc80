package inline

import (
	"strings"
	"testing"
)

// stmtSummary is a compact form of statements for tables: VERB(OBJECT)
// with [PART] and a trailing ! when unfiltered; joined by "; ".
func stmtSummary(ss []Statement) string {
	var parts []string
	for _, s := range ss {
		p := s.Verb + "(" + s.Object + ")"
		if s.Part != "" {
			p += "[" + s.Part + "]"
		}
		if s.Unfiltered {
			p += "!"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// dbSummary is stmtSummary, then " | " and findingSummary when there are
// findings.
func dbSummary(ss []Statement, fs []Finding) string {
	s := stmtSummary(ss)
	if len(fs) > 0 {
		s += " | " + findingSummary(fs)
	}
	return s
}

type sqlCase struct {
	d          Dialect
	code, want string
}

var sqlDangerous = []sqlCase{
	{MySQL, `DROP DATABASE shop`, `DROP DATABASE(shop)`},
	{MySQL, `drop database shop;`, `DROP DATABASE(shop)`},
	{MySQL, `DROP/**/DATABASE shop`, `DROP DATABASE(shop)`},
	{MySQL, "Drop\n  Database\t`shop`;", `DROP DATABASE(shop)`},
	{MySQL, `DROP SCHEMA IF EXISTS shop`, `DROP SCHEMA(shop)`},
	{Postgres, `DROP TABLE IF EXISTS a, b CASCADE;`, `DROP TABLE(a); DROP TABLE(b)`},
	{Postgres, `drop schema public cascade`, `DROP SCHEMA(public)`},
	{Postgres, `DROP TABLE "Orders"`, `DROP TABLE(Orders)`},
	{Postgres, `DROP TABLE public.orders`, `DROP TABLE(public.orders)`},
	{Postgres, `DROP MATERIALIZED VIEW mv`, `DROP MATERIALIZED VIEW(mv)`},
	{Postgres, `DROP INDEX CONCURRENTLY idx_users_email`, `DROP INDEX(idx_users_email)`},
	{Postgres, `DROP OWNED BY app CASCADE`, `DROP OWNED(app)`},
	{Postgres, `DROP DATABASE :dbname`, `DROP DATABASE()`},
	{MySQL, `DROP USER 'bob'@'localhost'`, `DROP USER(bob@localhost)`},
	{SQLServer, `DROP TABLE [dbo].[Orders]`, `DROP TABLE(dbo.Orders)`},
	{SQLServer, "IF OBJECT_ID('dbo.t') IS NOT NULL DROP TABLE dbo.t", `DROP TABLE(dbo.t)`},
	{SQLite, `DROP TABLE users`, `DROP TABLE(users)`},
	{SQLite, `drop table if exists [users]`, `DROP TABLE(users)`},
	{CQL, `DROP KEYSPACE ks`, `DROP KEYSPACE(ks)`},
	{CQL, `DROP TABLE IF EXISTS ks.events`, `DROP TABLE(ks.events)`},
	{ClickHouse, `DROP TABLE db.events ON CLUSTER main SYNC`, `DROP TABLE(db.events)`},
	{ClickHouse, `DROP DATABASE analytics`, `DROP DATABASE(analytics)`},
	{DuckDB, `DROP TABLE t`, `DROP TABLE(t)`},
	{MySQL, `TRUNCATE TABLE orders`, `TRUNCATE(orders)!`},
	{Postgres, `truncate orders, items restart identity`, `TRUNCATE(orders)!; TRUNCATE(items)!`},
	{Postgres, `TRUNCATE ONLY orders`, `TRUNCATE(orders)!`},
	{ClickHouse, `TRUNCATE TABLE IF EXISTS db.t`, `TRUNCATE(db.t)!`},
	{MySQL, `DELETE FROM users`, `DELETE(users)!`},
	{MySQL, `delete from users;`, `DELETE(users)!`},
	{MySQL, `DELETE FROM users WHERE 1=1`, `DELETE(users)!`},
	{MySQL, `DELETE FROM users WHERE 1`, `DELETE(users)!`},
	{Postgres, `DELETE FROM users WHERE true;`, `DELETE(users)!`},
	{Postgres, `delete from users where 1 = 1 or id = 3`, `DELETE(users)!`},
	{Postgres, `DELETE FROM users WHERE 'a' = 'a'`, `DELETE(users)!`},
	{Postgres, `DELETE FROM users WHERE (1=1)`, `DELETE(users)!`},
	{Postgres, `DELETE FROM users WHERE name LIKE '%'`, `DELETE(users)!`},
	{Postgres, `DELETE FROM users WHERE id = id`, `DELETE(users)!`},
	{MySQL, `DELETE LOW_PRIORITY QUICK FROM users`, `DELETE(users)!`},
	{SQLServer, `DELETE TOP (100) FROM dbo.users`, `DELETE(dbo.users)!`},
	{MySQL, `DELETE FROM users LIMIT 1000`, `DELETE(users)!`},
	{MySQL, `DELETE FROM t; SELECT * FROM u WHERE x = 1`, `DELETE(t)!`},
	{SQLServer, "DELETE FROM t\nSELECT * FROM u WHERE x = 1", `DELETE(t)!`},
	{MySQL, `UPDATE users SET admin = 1`, `UPDATE(users)!`},
	{MySQL, `UPDATE users SET password = '' WHERE 1 = 1`, `UPDATE(users)!`},
	{Postgres, `UPDATE accounts SET balance = 0;`, `UPDATE(accounts)!`},
	{Postgres, `WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d`, `DELETE(t)!`},
	{Postgres, `EXPLAIN ANALYZE DELETE FROM t`, `DELETE(t)!`},
	{MySQL, `ALTER TABLE users DROP COLUMN email`, `ALTER TABLE DROP COLUMN(users)[email]`},
	{MySQL, `ALTER TABLE users DROP email, ADD x int`, `ALTER TABLE DROP COLUMN(users)[email]`},
	{Postgres, `ALTER TABLE IF EXISTS ONLY users DROP COLUMN IF EXISTS email CASCADE`, `ALTER TABLE DROP COLUMN(users)[email]`},
	{ClickHouse, `ALTER TABLE events DROP PARTITION 202401`, `ALTER TABLE DROP PARTITION(events)[202401]`},
	{ClickHouse, `ALTER TABLE events DELETE WHERE 1`, `DELETE(events)!`},
	{ClickHouse, `ALTER TABLE events UPDATE x = 0 WHERE 1 = 1`, `UPDATE(events)!`},
	{Postgres, `DO $$ BEGIN EXECUTE 'DROP TABLE x'; END $$`, `DROP TABLE(x)`},
	{Postgres, `DO $$ BEGIN DROP TABLE x; END $$;`, `DROP TABLE(x)`},
	{Postgres, `DO $body$ BEGIN EXECUTE 'DROP TABLE ' || quote_ident(t); END $body$`, `EXECUTE()[EXECUTE of computed SQL]; DROP TABLE()`},
	{Postgres, `DO $$ DECLARE r record; BEGIN FOR r IN SELECT tablename FROM pg_tables LOOP EXECUTE format('DROP TABLE %I', r.tablename); END LOOP; END $$`, `EXECUTE()[EXECUTE of computed SQL]; DROP TABLE()`},
	{MySQL, `PREPARE s FROM 'DROP TABLE x'`, `DROP TABLE(x)`},
	{MySQL, `SET @q = 'DROP DATABASE shop'; PREPARE s FROM @q; EXECUTE s;`, `DROP DATABASE(shop)`},
	{MySQL, `PREPARE s FROM @q`, `EXECUTE()[PREPARE of computed SQL]`},
	{SQLServer, `EXEC('DROP DATABASE shop')`, `DROP DATABASE(shop)`},
	{SQLServer, `EXEC sp_executesql N'TRUNCATE TABLE dbo.t'`, `TRUNCATE(dbo.t)!`},
	{SQLServer, `DECLARE @sql nvarchar(max) = N'DROP TABLE t'; EXEC(@sql)`, `DROP TABLE(t)`},
	{SQLServer, `EXEC (@sql)`, `EXECUTE()[EXECUTE of computed SQL]`},
	{SQLServer, `EXEC xp_cmdshell 'shutdown /s'`, ` | sh(shutdown /s)`},
	{SQLServer, `EXEC master..xp_cmdshell 'rm -rf /'`, ` | sh(rm -rf /)`},
	{Postgres, `COPY t TO PROGRAM 'rm -rf /'`, ` | sh(rm -rf /)`},
	{Postgres, "\\! rm -rf /", ` | sh(rm -rf /)`},
	{Postgres, "select 1;\n\\! reboot\n", ` | sh(reboot)`},
	{Postgres, "select * from t \\g |sh", ` | sh(sh)`},
	{Postgres, "SELECT 'DROP TABLE ' || tablename FROM pg_tables \\gexec", `EXECUTE()[\gexec runs what the query returns]`},
	{Postgres, "\\copy t to program 'rm -rf /'", ` | sh(rm -rf /)`},
	{MySQL, "\\! rm -rf /", ` | sh(rm -rf /)`},
	{MySQL, "system rm -rf /", ` | sh(rm -rf /)`},
	{MySQL, "/*!40000 DROP DATABASE shop */", `DROP DATABASE(shop)`},
	{MySQL, "DELIMITER //\nDELETE FROM t //\nSELECT * FROM u WHERE x = 1//", `DELETE(t)!`},
	{SQLite, ".shell rm -rf /", ` | sh(rm -rf /)`},
	{SQLite, ".system reboot", ` | sh(reboot)`},
	{SQLite, ".output /etc/passwd\nselect 1;", ` | write(/etc/passwd)`},
	{SQLite, ".once |sh", ` | sh(sh)`},
	{SQLServer, "!!rm -rf /", ` | sh(rm -rf /)`},
	{SQLServer, "DELETE FROM t\nGO\nSELECT * FROM u WHERE id = 1\nGO", `DELETE(t)!`},
	{AnySQL, `DROP DATABASE shop`, `DROP DATABASE(shop)`},
	{AnySQL, "SELECT 1 # DROP TABLE x", `DROP TABLE(x)`},
	{Postgres, "BEGIN;\nDROP TABLE orders;\nCOMMIT;", `DROP TABLE(orders)`},
	{Postgres, `GRANT ALL ON DATABASE shop TO PUBLIC`, `GRANT ALL TO PUBLIC(shop)`},
	{Postgres, `grant all privileges on table orders to public`, `GRANT ALL TO PUBLIC(orders)`},
	{Postgres, "-- nightly\ndrop table if exists staging.events; -- done", `DROP TABLE(staging.events)`},
	{Postgres, `ALTER USER postgres PASSWORD 'x'`, `ALTER USER PASSWORD(postgres)`},
	{MySQL, `SET PASSWORD FOR 'root'@'localhost' = 'x'`, `ALTER USER PASSWORD(root@localhost)`},
	{AnySQL, `DROP RETENTION POLICY autogen ON telegraf`, `DROP RETENTION POLICY(autogen)`},
	{Postgres, `DROP TYPE mood, size CASCADE`, `DROP TYPE(mood)[CASCADE]; DROP TYPE(size)[CASCADE]`},
	{Postgres, `alter role app with login password 'x'`, `ALTER USER PASSWORD(app)`},
	{MySQL, `ALTER USER 'root'@'localhost' IDENTIFIED BY 'x'`, `ALTER USER PASSWORD(root@localhost)`},
	{Postgres, `REVOKE ALL ON ALL TABLES IN SCHEMA public FROM app`, `REVOKE ALL(app)`},
	{MySQL, `REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'app'@'%'`, `REVOKE ALL(app@%)`},
}

var sqlOrdinary = []sqlCase{
	{MySQL, `SELECT 1`, ``},
	{MySQL, `show databases`, ``},
	{MySQL, `SELECT * FROM t WHERE name LIKE '%drop table%'`, ``},
	{MySQL, `SELECT 'DROP DATABASE x'`, ``},
	{MySQL, `SELECT "DROP DATABASE x"`, ``},
	{MySQL, `SELECT 'it\'s; DROP TABLE x; --'`, ``},
	{Postgres, `SELECT 'it''s; DROP TABLE x; --'`, ``},
	{Postgres, `SELECT E'it\'s; DROP TABLE x'`, ``},
	{MySQL, `-- DROP DATABASE x`, ``},
	{MySQL, `# DROP DATABASE x`, ``},
	{MySQL, `/* DROP DATABASE x */ SELECT 1`, ``},
	{Postgres, `/* a /* nested */ DROP TABLE x */ SELECT 1`, ``},
	{Postgres, `SELECT $$DROP TABLE x$$`, ``},
	{Postgres, `SELECT $tag$ DROP TABLE x $tag$`, ``},
	{Postgres, `CREATE FUNCTION f() RETURNS void AS $$ DELETE FROM t $$ LANGUAGE sql`, ``},
	{MySQL, `SELECT drop_count FROM stats`, ``},
	{MySQL, "SELECT `drop` FROM t", ``},
	{Postgres, `SELECT "DROP TABLE x" FROM t`, ``},
	{SQLServer, `SELECT [DROP TABLE x] FROM t`, ``},
	{MySQL, `DELETE FROM users WHERE id = 1`, `DELETE(users)`},
	{MySQL, `delete from users where 1 = 1 and id = 3`, `DELETE(users)`},
	{MySQL, `DELETE FROM sessions WHERE expires < NOW()`, `DELETE(sessions)`},
	{MySQL, `DELETE t1 FROM t1 JOIN t2 ON t1.id = t2.id`, `DELETE(t1)`},
	{Postgres, `DELETE FROM t WHERE id IN (SELECT id FROM u)`, `DELETE(t)`},
	{Postgres, `DELETE FROM t WHERE CURRENT OF c`, `DELETE(t)`},
	{MySQL, `UPDATE users SET admin = 1 WHERE id = 5`, `UPDATE(users)`},
	{MySQL, `UPDATE users SET a = CASE WHEN x THEN 1 ELSE 2 END WHERE id = 5`, `UPDATE(users)`},
	{MySQL, `UPDATE t SET a = IF(b, 1, 2) WHERE id = 5`, `UPDATE(t)`},
	{MySQL, `UPDATE t JOIN u ON t.id = u.id SET t.a = u.a`, `UPDATE(t)`},
	{CQL, `DELETE FROM ks.t WHERE id = 5`, `DELETE(ks.t)`},
	{MySQL, `INSERT INTO t VALUES (1) ON DUPLICATE KEY UPDATE a = 1`, ``},
	{Postgres, `INSERT INTO t VALUES (1) ON CONFLICT (id) DO UPDATE SET a = 1`, ``},
	{Postgres, `INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING`, ``},
	{Postgres, `SELECT * FROM t FOR UPDATE`, ``},
	{Postgres, `SELECT * FROM t FOR NO KEY UPDATE SKIP LOCKED`, ``},
	{Postgres, `CREATE TABLE t (id int REFERENCES u(id) ON DELETE CASCADE ON UPDATE CASCADE)`, ``},
	{Postgres, `GRANT SELECT, UPDATE, DELETE ON t TO bob`, ``},
	{Postgres, `REVOKE DELETE ON t FROM bob`, ``},
	{Postgres, `GRANT ALL ON TABLE orders TO app`, ``},
	{Postgres, `GRANT SELECT ON ALL TABLES IN SCHEMA public TO PUBLIC`, ``},
	{Postgres, `CREATE TRIGGER tr AFTER DELETE OR UPDATE ON t FOR EACH ROW EXECUTE FUNCTION f()`, ``},
	{Postgres, `CREATE POLICY p ON t FOR DELETE USING (owner = current_user)`, ``},
	{Postgres, `MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE WHEN NOT MATCHED THEN INSERT VALUES (s.id)`, ``},
	{Postgres, `EXPLAIN DELETE FROM t`, ``},
	{ClickHouse, `SYSTEM DROP DNS CACHE`, ``},
	{ClickHouse, `SELECT count() FROM events`, ``},
	{MySQL, `ALTER TABLE users DROP CONSTRAINT fk`, ``},
	{MySQL, `ALTER TABLE users DROP INDEX idx, DROP FOREIGN KEY fk`, ``},
	{Postgres, `ALTER TABLE t ALTER COLUMN c DROP DEFAULT`, ``},
	{Postgres, `ALTER TABLE t ALTER COLUMN c DROP NOT NULL`, ``},
	{Postgres, `ALTER TABLE t ADD COLUMN c int`, ``},
	{MySQL, `DROP TEMPORARY TABLE tmp`, ``},
	{MySQL, `DELETE FROM t \c`, ``},
	{Postgres, "DELETE FROM t\n\\r\nSELECT 1;", ``},
	{MySQL, `SELECT 1 # DROP TABLE x`, ``},
	{MySQL, "SELECT 1 -- DROP TABLE x", ``},
	{Postgres, `PREPARE p AS SELECT * FROM t WHERE id = $1; EXECUTE p(1)`, ``},
	{SQLServer, `EXEC dbo.nightly_report @day = 1`, ``},
	{SQLServer, "SELECT 1\nGO", ``},
	{Postgres, `\c shop`, ``},
	{Postgres, `\dt`, ``},
	{Postgres, "\\timing on\nSELECT now();", ``},
	{SQLite, ".tables", ``},
	{SQLite, ".schema users", ``},
	{SQLite, ".output stdout", ``},
	{SQLite, `SELECT * FROM users LIMIT 10;`, ``},
	{MySQL, `SHOW TABLES; DESCRIBE users;`, ``},
	{MySQL, `CREATE DATABASE shop`, ``},
	{MySQL, `INSERT INTO log (action) VALUES ('delete')`, ``},
	{MySQL, `SELECT * FROM t WHERE a = 'DELETE FROM users'`, ``},
	{Postgres, `VACUUM ANALYZE;`, ``},
	{Postgres, `SELECT pg_size_pretty(pg_database_size('shop'))`, ``},
	{CQL, `SELECT * FROM ks.t LIMIT 10`, ``},
	{CQL, `// DROP KEYSPACE ks`, ``},
	{DuckDB, `SELECT * FROM 'data.csv'`, ``},
	{MySQL, `SET @x = 'DROP TABLE y'; SELECT @x`, ``},
	{Postgres, `ALTER USER app SET search_path = app`, ``},
	{Postgres, `ALTER ROLE app RENAME TO app2`, ``},
	{Postgres, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`, ``},
	{Postgres, `REVOKE GRANT OPTION FOR ALL ON t FROM app`, ``},
}

func TestSQL(t *testing.T) {
	for _, tab := range []struct {
		name      string
		cases     []sqlCase
		dangerous bool
	}{{"dangerous", sqlDangerous, true}, {"ordinary", sqlOrdinary, false}} {
		if len(tab.cases) < 60 {
			t.Errorf("%s: %d cases, want at least 60", tab.name, len(tab.cases))
		}
		for _, c := range tab.cases {
			ss, fs := SQL(c.code, c.d)
			if got := dbSummary(ss, fs); got != c.want {
				t.Errorf("%d %q:\n got %s\nwant %s", c.d, c.code, got, c.want)
			}
			if tab.dangerous && len(ss)+len(fs) == 0 {
				t.Errorf("%q: a dangerous case with nothing found", c.code)
			}
			for _, s := range ss {
				if s.Pos < 0 || s.Pos >= len(c.code) && len(c.code) > 0 {
					t.Errorf("%q: statement at %d, outside the text", c.code, s.Pos)
				}
			}
		}
	}
}

// TestSQLPositions checks that a statement's position is its verb, in a
// string read again too.
func TestSQLPositions(t *testing.T) {
	for _, c := range []struct {
		d        Dialect
		code, at string
	}{
		{MySQL, `SELECT 1; DROP TABLE x`, "DROP TABLE x"},
		{MySQL, `select 1; /* x */ delete from t`, "delete from t"},
		{MySQL, `PREPARE s FROM 'DROP TABLE x'`, "DROP TABLE x"},
		{Postgres, `DO $$ BEGIN DROP TABLE x; END $$`, "DROP TABLE x"},
	} {
		ss, _ := SQL(c.code, c.d)
		if len(ss) != 1 {
			t.Errorf("%q: %d statements, want 1", c.code, len(ss))
			continue
		}
		if p := ss[0].Pos; p < 0 || !strings.HasPrefix(c.code[p:], c.at) {
			t.Errorf("%q: position %d, want at %q", c.code, p, c.at)
		}
	}
}

func TestDialectOf(t *testing.T) {
	for client, want := range map[string]Dialect{
		"mysql": MySQL, "/usr/bin/mariadb": MySQL, "psql": Postgres, "cockroach": Postgres,
		"sqlite3": SQLite, "duckdb": DuckDB, "sqlcmd": SQLServer, "clickhouse-client": ClickHouse,
		"cqlsh": CQL, "dbcli": AnySQL,
	} {
		if got := DialectOf(client); got != want {
			t.Errorf("DialectOf(%q) = %d, want %d", client, got, want)
		}
	}
}
