package shell

// Grammars shared by the backup commands.
const (
	// resticLong are restic's global options, read anywhere on the line.
	resticLong = "repo: repository-file: password-file: password-command: cache-dir: option: limit-upload: limit-download: " +
		"key-hint: tls-client-cert: cacert: pack-size: compression: retry-lock: json no-lock no-cache quiet verbose:: " +
		"insecure-tls cleanup-cache"
	resticKeep = "keep-last: keep-hourly: keep-daily: keep-weekly: keep-monthly: keep-yearly: keep-within: keep-within-hourly: " +
		"keep-within-daily: keep-within-weekly: keep-within-monthly: keep-within-yearly: keep-tag: host: tag: path: group-by: " +
		"max-unused: max-repack-size: prune dry-run compact unsafe-allow-remove-all repack-cacheable-only repack-small repack-uncompressed"
	// borgLong are borg's common options, read anywhere on the line.
	borgLong = "remote-path: rsh: lock-wait: umask: repo: debug-topic: info debug verbose progress log-json show-rc critical warning iec"
	// borgSelect picks the archives a command works on.
	borgSelect = "glob-archives: match-archives: prefix: sort-by: first: last: checkpoint-interval:"
	// vaultLong are the options of the vault CLI's commands, one dash or
	// two; a command takes them before its operands.
	vaultLong = "address: agent-address: namespace: ns: format: mount: versions: version: mode: field: ca-cert: ca-path: client-cert: " +
		"client-key: tls-server-name: wrap-ttl: policy: method: path: header: mfa: " +
		"prefix force self detailed tls-skip-verify non-interactive output-curl-string"
	// consulLong are the options of the consul CLI's commands.
	consulLong = "http-addr: grpc-addr: token: token-file: ca-file: ca-path: client-cert: client-key: tls-server-name: datacenter: " +
		"namespace: partition: accessor-id: id: name: address: modify-index: separator: format: log-level: " +
		"recurse prune wan stale keys detailed base64 cas"
)

var (
	borgDry   = []string{"-n", "--dry-run"}
	resticDry = []string{"-n", "--dry-run"}
	// borgmatic runs nothing of its actions with -n.
	borgmaticDry = []string{"-n", "--dry-run", "-h", "--help"}
)

// backupCommands make, prune and restore backups, sync trees between
// hosts and clouds, and manage the services that hold a fleet's secrets
// and configuration. Sorted by name.
var backupCommands = []command{
	// barman COMMAND SERVER [BACKUP]: backups of PostgreSQL servers.
	{name: "barman", short: "c:qh", long: "config: quiet debug format: help", inherit: true, dryRun: helpDry},
	// borg [COMMON…] COMMAND [OPTIONS…] [REPO[::ARCHIVE]]; borg 2 takes the
	// repository with -r.
	{name: "borg", short: "r:vph", long: borgLong + " help", inherit: true, dryRun: helpDry,
		subs: []command{
			{name: "create", short: "nse:", long: "dry-run stats list exclude: exclude-from: pattern: patterns-from: comment: compression:", dryRun: borgDry},
			{name: "delete", short: "nsa:", long: "dry-run list stats cache-only force keep-security-info save-space " + borgSelect, dryRun: borgDry},
			{name: "prune", short: "nsd:w:m:y:H:a:", long: "dry-run force list stats save-space keep-within: keep-last: keep-secondly: " +
				"keep-minutely: keep-hourly: keep-daily: keep-weekly: keep-monthly: keep-yearly: " + borgSelect,
				dryRun: borgDry},
			{name: "recreate", short: "nse:", long: "dry-run list stats exclude: exclude-from: pattern: patterns-from: comment: compression: " +
				"recompress:: target: exclude-caches exclude-if-present: keep-exclude-tags " + borgSelect, dryRun: borgDry},
			{name: "rdelete", short: "n", long: "dry-run list force cache-only keep-security-info", dryRun: borgDry},
			{name: "repo-delete", short: "n", long: "dry-run list force cache-only keep-security-info", dryRun: borgDry},
		}},
	// borgmatic [OPTIONS…] [ACTION [OPTIONS…]]…: runs borg by its
	// configuration; with no action it creates, prunes, compacts and checks.
	{name: "borgmatic", short: "c:v:nh", long: "config: verbosity: syslog-verbosity: log-file: log-file-verbosity: " +
		"monitoring-verbosity: override: repository: archive: list stats dry-run help",
		inherit: true, dryRun: borgmaticDry},
	// bw COMMAND OBJECT ID: Bitwarden's CLI; delete moves an item to the
	// trash unless --permanent.
	{name: "bw", short: "h", long: "session: organizationid: permanent raw pretty quiet nointeraction response cleanexit help",
		inherit: true, dryRun: helpDry},
	// consul COMMAND [SUBCOMMAND] [-option…] ARGS: one-dash long options.
	{name: "consul", short: "h", long: consulLong + " help", dashLong: true, inherit: true, dryRun: goHelpDry},
	// doppler COMMAND [SUBCOMMAND] [OPTIONS…] ARGS: options anywhere.
	{name: "doppler", short: "p:c:yh", long: "project: config: token: api-host: dashboard-host: configuration: scope: " +
		"environment: json debug silent yes no-check-version no-interactive no-read-env help",
		inherit: true, dryRun: helpDry},
	// duplicity ACTION [OPTIONS…] URL: the remove actions only list what
	// they would remove unless given --force.
	{name: "duplicity", short: "vh", long: "name: archive-dir: encrypt-key: sign-key: verbosity: s3-endpoint-url: force dry-run help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	// infisical COMMAND [SUBCOMMAND] [OPTIONS…] NAMES: options anywhere.
	{name: "infisical", short: "h", long: "env: path: projectId: token: domain: type: tags: silent help",
		inherit: true, dryRun: helpDry},
	// kopia GROUP COMMAND: snapshot delete acts only with --delete.
	{name: "kopia", short: "h", long: "config-file: password: all-snapshots-for-source delete help", inherit: true, dryRun: helpDry},
	// op GROUP COMMAND [OPTIONS…] NAME: 1Password's CLI; item and document
	// delete skip the archive unless --archive.
	{name: "op", short: "h", long: "account: config: encoding: format: session: vault: cache debug iso-timestamps no-color archive " +
		"force help", inherit: true, dryRun: helpDry},
	// pgbackrest [--option=value…] COMMAND: options anywhere.
	{name: "pgbackrest", long: "stanza: config: config-path: repo: type: set: target: target-action: log-level-console: " +
		"log-level-file: pg1-path: process-max: repo1-retention-full: delta force help",
		inherit: true, dryRun: []string{"--help"}},
	// rclone COMMAND [OPTIONS…] SRC [DST]: options anywhere.
	{name: "rclone", short: "nvPqicuILh", long: "config: transfers: checkers: bwlimit: include: exclude: filter: filter-from: " +
		"include-from: exclude-from: files-from: log-file: log-level: stats: min-age: max-age: min-size: max-size: backup-dir: " +
		"suffix: max-delete: max-transfer: max-depth: order-by: compare-dest: copy-dest: buffer-size: user-agent: contimeout: " +
		"timeout: retries: tpslimit: dry-run interactive progress verbose quiet checksum size-only update ignore-existing " +
		"ignore-times delete-before delete-during delete-after delete-excluded track-renames create-empty-src-dirs fast-list " +
		"no-traverse links copy-links leave-root help",
		dryRun: []string{"-n", "--dry-run", "-h", "--help"}},
	// rdiff-backup [OPTIONS…] SRC DST, --remove-older-than TIME DIR; 2.2's
	// form is rdiff-backup ACTION [SUBACTION] (remove increments).
	{name: "rdiff-backup", short: "v:h", long: "remove-older-than: older-than: verbosity: terminal-verbosity: api-version: " +
		"remote-schema: exclude: include: exclude-regexp: include-regexp: exclude-filelist: include-filelist: list-at-time: " +
		"compare-at-time: restore-as-of: force new no-compression list-increments list-increment-sizes help",
		inherit: true, dryRun: helpDry},
	// restic [GLOBAL…] COMMAND [OPTIONS…]: global options anywhere.
	{name: "restic", short: "r:p:o:qvh", long: resticLong + " help", inherit: true, dryRun: helpDry,
		subs: []command{
			{name: "backup", short: "ne:x", long: "dry-run exclude: exclude-file: iexclude: files-from: host: tag: parent: one-file-system", dryRun: resticDry},
			{name: "forget", short: "l:H:d:w:m:y:g:n", long: resticKeep, dryRun: resticDry},
			{name: "key", subs: []command{{name: "remove"}}},
			{name: "prune", short: "n", long: "max-unused: max-repack-size: dry-run repack-cacheable-only repack-small repack-uncompressed",
				dryRun: resticDry},
			{name: "rewrite", short: "ne:", long: "dry-run forget exclude: exclude-file: iexclude: iexclude-file: exclude-larger-than: " +
				"host: tag: path:", dryRun: resticDry},
			{name: "restore", short: "t:i:e:", long: "target: include: exclude: iinclude: iexclude: include-file: exclude-file: " +
				"host: path: tag: overwrite: verify delete dry-run",
				dryRun: []string{"--dry-run"}},
		}},
	// tarsnap MODE [OPTIONS…]: -d deletes archives, --nuke all of them.
	{name: "tarsnap", short: "cdtxf:rvC:h", long: "keyfile: cachedir: configfile: nuke dry-run print-stats list-archives fsck fsck-prune help",
		dryRun: []string{"--dry-run", "-h", "--help"}},
	// vault COMMAND [SUBCOMMAND…] [-option…] ARGS: one-dash long options.
	{name: "vault", short: "h", long: vaultLong + " help", dashLong: true, inherit: true, dryRun: goHelpDry},
	// wal-g delete … acts only with --confirm.
	{name: "wal-g", short: "h", long: "config: confirm help", inherit: true, dryRun: helpDry},
}
