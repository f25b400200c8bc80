package shell

// The database clients' grammars, from their manuals (mysql(1),
// psql(1), sqlite3's and duckdb's .help, sqlcmd, clickhouse-client
// --help, cockroach sql --help, cqlsh --help, redis-cli --help, mongosh
// --help, mysqladmin(1), dropdb(1)). What matters is which options take
// a value, so that -u root or -h db1 is never taken for the database or
// the SQL, and where the SQL comes from: an option, an operand, or
// standard input.
const (
	mysqlShort = "ABCD:e:EfGh:HiLnNop::P:qrsS:tTu:UvVwX#::"
	mysqlLong  = "database: execute: host: user: password:: port: socket: defaults-file: defaults-extra-file: " +
		"defaults-group-suffix: login-path: default-character-set: init-command: pager:: tee: prompt: protocol: " +
		"connect-timeout: max-allowed-packet: net-buffer-length: ssl-ca: ssl-cert: ssl-key: ssl-mode: ssl-cipher: " +
		"ssl-capath: ssl-crl: ssl-crlpath: tls-version: plugin-dir: default-auth: bind-address: character-sets-dir: " +
		"delimiter: local-infile:: select-limit: max-join-size: server-public-key-path: get-server-public-key compress " +
		"batch force html xml table vertical silent verbose quick raw skip-column-names unbuffered safe-updates " +
		"i-am-a-dummy no-auto-rehash auto-rehash no-beep comments skip-comments one-database show-warnings " +
		"sigint-ignore binary-mode binary-as-hex no-defaults print-defaults skip-ssl ssl help version"
	psqlShort = "aAbc:d:eEf:F:h:HlL:no:p:P:qR:sStT:U:v:VwWxXz01"
	psqlLong  = "command: dbname: file: field-separator: host: log-file: output: port: pset: record-separator: " +
		"table-attr: username: set: variable: echo-all no-align echo-errors echo-queries echo-hidden html list " +
		"no-readline quiet single-step single-line tuples-only no-password password expanded no-psqlrc " +
		"single-transaction field-separator-zero record-separator-zero csv version help::"
	sqliteLong = "A: append ascii bail batch box column cmd: csv deserialize echo init: header noheader html interactive " +
		"json line list lookaside: markdown maxsize: memtrace mmap: newline: nofollow nonce: nullvalue: pagecache: " +
		"quote readonly safe separator: stats table tabs version help vfs: zip"
	duckdbLong = "append ascii bail batch box c: column cmd: csv echo f: init: header noheader html interactive json " +
		"line list markdown newline: no-stdin nullvalue: quote readonly s: safe separator: table unsigned ui version help"
	sqlcmdShort = "AbCD:eEGIjpuWXxS:U:P:d:Q:q:i:o:v:h:s:w:l:t:a:c:H:f:K:m:V:z:Z:Y:y:k::r::L::N::M::"
	chShort     = "q:nmh:u:d:f:tc:C:s"
	chLong      = "query: multiquery multiline host: port: user: password: ask-password database: queries-file: format: " +
		"time stacktrace config-file: secure no-warnings param: query_id: progress"
	redisShort = "23467ceh:p:s:a:u:r:i:n:d:D:t:xX:"
	redisLong  = "user: pass: askpass sni: cacert: cacertdir: insecure tls tls-ciphers: tls-ciphersuites: cert: key: " +
		"raw no-raw quoted-input csv json quoted-json show-pushes: stat latency latency-history latency-dist lru-test: " +
		"replica rdb: functions-rdb: pipe pipe-timeout: bigkeys memkeys memkeys-samples: hotkeys scan pattern: " +
		"quoted-pattern: count: intrinsic-latency: eval: ldb ldb-sync-mode cluster: verbose no-auth-warning help " +
		"version keystats keystats-samples: top: cursor:"
	mongoLong = "eval: file: host: port: username: password: authenticationDatabase: authenticationMechanism: quiet " +
		"nodb norc shell verbose tls tlsCertificateKeyFile: tlsCAFile: tlsCertificateKeyFilePassword: apiVersion: " +
		"json:: retryWrites apiStrict apiDeprecationErrors help version"
	pgDropShort  = "eh:iU:p:wWV"
	pgDropLong   = "echo force interactive if-exists host: port: username: no-password password maintenance-db: version help"
	myAdminShort = "c:h:p::P:S:u:fsvVwiC#::"
	myAdminLong  = "host: port: user: password:: socket: force silent verbose wait:: count: sleep: defaults-file: " +
		"protocol: ssl-mode: version help"
)

// The code each client reads.
var (
	mysqlCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-e", "--execute", "--init-command"},
		dbOpts: []string{"-D", "--database"}, hostOpts: []string{"-h", "--host"}, dbFirst: true, permute: true,
		lineOpts: []string{"--pager"}, noRun: []string{"-V", "--version", "--help"}}}
	psqlCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-c", "--command"},
		fileOpts: []string{"-f", "--file"}, dbOpts: []string{"-d", "--dbname"}, hostOpts: []string{"-h", "--host"},
		dbFirst: true, permute: true, lineOpts: []string{"-o |", "--output |"},
		noRun: []string{"-V", "--version", "--help", "-l", "--list"}}}
	sqliteCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-cmd", "--cmd"},
		first: true, skip: 1, dbFirst: true, permute: true, noRun: []string{"-version", "--version", "-help", "--help"}}}
	duckdbCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-c", "--c", "-cmd", "--cmd", "-s", "--s"},
		fileOpts: []string{"-f", "--f"}, first: true, skip: 1, dbFirst: true, permute: true,
		noRun: []string{"-version", "--version", "-help", "--help"}}}
	sqlcmdCode = &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-Q", "-q"},
		fileOpts: []string{"-i"}, dbOpts: []string{"-d"}, hostOpts: []string{"-S"}, permute: true}}
	chClientCode = &codeSpec{kind: codeSQL, codeOpts: []string{"-q", "--query"}, fileOpts: []string{"--queries-file"},
		dbOpts: []string{"-d", "--database"}, hostOpts: []string{"-h", "--host"}, permute: true}
	redisCode = &wrap{special: specialCode, code: &codeSpec{kind: codeRedis, hostOpts: []string{"-h"}, dbOpts: []string{"-n"},
		noRun: []string{"--help", "--version"}}}
	mongoCode = &wrap{special: specialCode, code: &codeSpec{kind: codeMongo, codeOpts: []string{"--eval"},
		fileOpts: []string{"-f", "--file"}, hostOpts: []string{"--host"}, dbFirst: true, permute: true,
		noRun: []string{"--help", "--version"}}}
)

// databaseCommands are database clients and administration tools. SQL,
// redis commands and mongo code given on the line are read by
// internal/inline (dbclient.go). Sorted by name.
// pgHelpDry: dropdb --help and --version print and drop nothing (-h is
// the host).
var pgHelpDry = []string{"-V", "--version", "--help"}

var databaseCommands = []command{
	{name: "clickhouse", short: chShort, long: chLong, subs: []command{{name: "client", short: chShort, long: chLong},
		{name: "local", short: chShort, long: chLong}},
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeSubs: []string{"client", "local"},
			codeOpts: []string{"-q", "--query"}, fileOpts: []string{"--queries-file"}, dbOpts: []string{"-d", "--database"},
			hostOpts: []string{"-h", "--host"}, permute: true}}},
	{name: "clickhouse-client", short: chShort, long: chLong, run: &wrap{special: specialCode, code: chClientCode}},
	{name: "clickhouse-local", short: chShort, long: chLong, run: &wrap{special: specialCode, code: chClientCode}},
	{name: "cockroach", long: "host: port: url: certs-dir: insecure",
		subs: []command{{name: "sql", short: "e:u:d:f:", long: "execute: url: host: port: user: database: insecure certs-dir: file: " +
			"format: echo-sql set: safe-updates watch: embedded read-only"}},
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeSubs: []string{"sql"}, codeOpts: []string{"-e", "--execute"},
			fileOpts: []string{"-f", "--file"}, dbOpts: []string{"-d", "--database"}, hostOpts: []string{"--host"}, permute: true}}},
	{name: "cqlsh", short: "e:f:k:u:p:Ctb:", long: "execute: file: keyspace: username: password: ssl no-color color debug " +
		"coverage encoding: cqlshrc: cqlversion: protocol-version: connect-timeout: request-timeout: tty browser: " +
		"secure-connect-bundle: version help",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-e", "--execute"},
			fileOpts: []string{"-f", "--file"}, dbOpts: []string{"-k", "--keyspace"}, permute: true,
			noRun: []string{"--version", "--help"}}}},
	{name: "dropdb", short: pgDropShort, long: pgDropLong, dryRun: pgHelpDry},
	{name: "dropuser", short: pgDropShort, long: pgDropLong, dryRun: pgHelpDry},
	{name: "duckdb", long: duckdbLong, dashLong: true, run: duckdbCode},
	// gh-ost and pt-online-schema-change run the --alter they are given
	// only with --execute; without it they check and exit.
	{name: "gh-ost", long: "alter: database: table: host: port: user: password: conf: ask-pass execute " +
		"allow-on-master assume-rbr max-load: critical-load: chunk-size: max-lag-millis: throttle-control-replicas: " +
		"postpone-cut-over-flag-file: panic-flag-file: initially-drop-ghost-table initially-drop-old-table " +
		"ok-to-drop-table serve-socket-file: hooks-path: migrate-on-replica test-on-replica verbose debug help version",
		dashLong: true},
	// goose [OPTIONS] DRIVER DBSTRING COMMAND (pressly/goose, Go flags).
	{name: "goose", long: "dir: table: certfile: ssl-cert: ssl-key: timeout: env: s v h version allow-missing " +
		"no-versioning no-color", dashLong: true},
	// influx: 1.x runs InfluxQL given with -execute; 2.x deletes buckets,
	// orgs and points by subcommand (rules/databases.toml).
	{name: "influx", short: "b:i:n:o:t:", long: "execute: host: port: database: username: password: format: precision: " +
		"consistency: import path: pretty ssl unsafeSsl pps: compressed type: socket: name: org: org-id: bucket: bucket-id: " +
		"start: stop: predicate: token: id: configs-path: active-config: http-debug skip-verify version help",
		dashLong: true, inherit: true,
		subs: []command{{name: "bucket", subs: []command{{name: "delete"}, {name: "list"}, {name: "ls"}}}, {name: "delete"},
			{name: "org", subs: []command{{name: "delete"}, {name: "list"}}}},
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-execute", "--execute"},
			dbOpts: []string{"-database", "--database"}, hostOpts: []string{"-host", "--host"}, permute: true,
			noRun: []string{"-version", "--version", "-help", "--help"}}}},
	{name: "keydb-cli", short: redisShort, long: redisLong, run: redisCode},
	{name: "mariadb", short: mysqlShort, long: mysqlLong, abbrev: true, run: mysqlCode},
	// migrate (golang-migrate) [OPTIONS] COMMAND: drop deletes everything
	// in the database, down with -all or no count undoes every migration.
	{name: "migrate", long: "source: path: database: prefetch: lock-timeout: verbose version help", dashLong: true},
	{name: "mongo", short: "f:u:p:h", long: mongoLong, run: mongoCode},
	{name: "mongosh", short: "f:u:p:h", long: mongoLong, run: mongoCode},
	// mycli [OPTIONS] [DATABASE]: -e runs the SQL and exits.
	{name: "mycli", short: "h:P:u:p:S:D:e:Rlvt", long: "host: port: user: password: socket: database: execute: " +
		"ssh-user: ssh-host: ssh-port: ssh-password: ssh-key-filename: ssl-ca: ssl-cert: ssl-key: myclirc: dsn: list-dsn " +
		"login-path: auto-vertical-output table csv warn no-warn local-infile: logfile: defaults-group-suffix: " +
		"defaults-file: init-command: charset: help version",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-e", "--execute"},
			dbOpts: []string{"-D", "--database"}, hostOpts: []string{"-h", "--host"}, dbFirst: true, permute: true,
			noRun: []string{"--version", "--help", "--list-dsn"}}}},
	{name: "mysql", short: mysqlShort, long: mysqlLong, abbrev: true, run: mysqlCode},
	{name: "mysqladmin", short: myAdminShort, long: myAdminLong, abbrev: true, dryRun: []string{"-V", "--version", "--help"},
		subs: []command{{name: "drop"}, {name: "kill"}, {name: "old-password"}, {name: "password"}, {name: "shutdown"}}},
	// MySQL Shell: mysqlsh [OPTIONS] [URI] -e CODE runs the code (SQL with
	// --sql) and exits; -f runs a file.
	{name: "mysqlsh", short: "h:u:P:p::D:e:f:S:", long: "host: user: port: password:: schema: database: execute: file: " +
		"socket: uri: sql sqlc sqlx js py json:: log-level: ssl-mode: interactive:: batch quiet-start:: no-wizard force " +
		"mysql mysqlx save-passwords: dba: cluster replicaset redirect-primary redirect-secondary name-cache no-name-cache " +
		"help version",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-e", "--execute"},
			fileOpts: []string{"-f", "--file"}, dbOpts: []string{"-D", "--schema", "--database"}, hostOpts: []string{"-h", "--host"},
			permute: true, noRun: []string{"--version", "--help"}}}},
	{name: "pg_dropcluster", long: "stop help", dryRun: []string{"--help"}},
	{name: "psql", short: psqlShort, long: psqlLong, run: psqlCode},
	// Percona Toolkit: pt-archiver --purge deletes the rows --where picks;
	// pt-online-schema-change changes the table only with --execute.
	{name: "pt-archiver", long: "source: dest: where: limit: txn-size: file: charset: columns: progress: sleep: " +
		"statistics purge dry-run bulk-delete bulk-insert commit-each no-delete ask-pass primary-key-only " +
		"run-time: check-interval: max-lag: optimize: why-quit help version", abbrev: true},
	{name: "pt-online-schema-change", long: "alter: alter-foreign-keys-method: charset: chunk-size: chunk-time: " +
		"critical-load: max-load: max-lag: recursion-method: set-vars: tries: user: password: host: port: socket: " +
		"execute dry-run ask-pass drop-old-table no-drop-old-table drop-triggers no-drop-triggers preserve-triggers " +
		"statistics print progress: check-interval: help version", short: "u:p:h:P:S:", abbrev: true},
	{name: "redis-cli", short: redisShort, long: redisLong, run: redisCode},
	{name: "sqlcmd", short: sqlcmdShort, run: sqlcmdCode},
	{name: "sqlite3", long: sqliteLong, dashLong: true, run: sqliteCode},
	// supabase [GLOBAL…] GROUP COMMAND [OPTIONS…]: global options anywhere.
	{name: "supabase", short: "o:h", long: "workdir: profile: output: network-id: dns-resolver: experimental debug yes " +
		"create-ticket linked local db-url: dry-run help", inherit: true, dryRun: []string{"-h", "--help", "--dry-run"}},
	// usql [OPTIONS] DSN: -c runs the SQL, -f a file.
	{name: "usql", short: "c:f:o:v:N:P:F:R:JCtTqwWXe1", long: "command: file: out: single-transaction no-password password " +
		"no-rc csv json table html set: variable: field-separator: record-separator: tuples-only help version",
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, codeOpts: []string{"-c", "--command"},
			fileOpts: []string{"-f", "--file"}, dbFirst: true, permute: true, noRun: []string{"--version", "--help"}}}},
	{name: "valkey-cli", short: redisShort, long: redisLong, run: redisCode},
}
