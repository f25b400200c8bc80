package shell

// Grammars shared by the service commands, from the tools' --help texts and
// man pages (RabbitMQ 3.13, Kafka 3.7, ZooKeeper 3.9, natscli 0.1, Cassandra
// 4.1, PostgreSQL 16, MongoDB 7, Postfix 3.8, Samba 4.19, certbot 2,
// OpenSSL 3, OpenSSH 9, snapper 0.10, timeshift 24, Proxmox VE 8, cephadm
// 18, DRBD 9, targetcli-fb, istioctl 1.22, skaffold 2, tilt 0.33).
const (
	// kafkaLong are the options of Kafka's command-line tools (java
	// style, two dashes, a value in the next word or after =) that take a
	// value, with the flags the rules name.
	kafkaLong = "bootstrap-server: zookeeper: command-config: topic: group: partitions: replication-factor: replica-assignment: " +
		"config: add-config: delete-config: add-config-file: entity-type: entity-name: entity-default entity-user: entity-client-id: " +
		"to-offset: to-datetime: by-duration: shift-by: from-file: to-earliest to-latest to-current offset-json-file: " +
		"consumer-property: producer-property: property: timeout: state: members offsets verbose all-groups all-topics " +
		"delete delete-offsets reset-offsets execute dry-run export list describe create alter if-exists if-not-exists help version"
	// zkLong are zkCli.sh's options (one dash) before its command.
	zkLong = "server: timeout: client-configuration: r waitforconnection"
	// pgResetLong are pg_resetwal's (and pg_resetxlog's) options.
	pgResetLong = "commit-timestamp-ids: pgdata: epoch: force next-wal-file: multixact-ids: dry-run next-oid: multixact-offset: " +
		"oldest-transaction-id: next-transaction-id: wal-segsize: char-signedness: help version"
	// opensslLong are the options of openssl's commands that take a value
	// (one dash), so that the file after -out is not read as an operand.
	opensslLong = "in: out: keyout: key: inform: outform: keyform: passin: passout: days: subj: newkey: pkeyopt: algorithm: " +
		"config: extensions: reqexts: extfile: set_serial: CA: CAkey: CAfile: CApath: connect: servername: cipher: " +
		"ciphersuites: name: sigopt: addext: copy_extensions: certfile: inkey: signkey: md: engine: provider: propquery: " +
		"rand: writerand: aes256 aes128 des3 nodes noenc noout text new x509 req check pubout pubin verify batch help"
)

var (
	kafkaDry = []string{"--dry-run", "--help"}
	// openssl writes its key or certificate to -out and -keyout.
	opensslWrite = []string{"-out", "-keyout"}
)

// serviceCommands manage the services a fleet runs on its servers:
// message brokers and coordination stores, mail queues, file and block
// sharing (Samba, iSCSI targets, DRBD), Proxmox clusters, the keys and
// certificates they serve with, the databases' server-side tools, the
// system's snapshots, and the development tools that deploy to clusters.
// Sorted by name.
var serviceCommands = []command{
	// cephadm [GLOBAL…] COMMAND [OPTIONS…]: rm-cluster --fsid ID removes a
	// cluster's daemons and data from this host.
	{name: "cephadm", long: "image: docker data-dir: log-dir: logrotate-dir: sysctl-dir: unit-dir: verbose timeout: retry: env: " +
		"no-container-init fsid: name: force zap-osds keep-logs help", short: "h", inherit: true, dryRun: helpDry},
	// certbot [SUBCOMMAND] [OPTIONS…]: options anywhere.
	{name: "certbot", short: "d:w:a:i:m:c:nqvh", long: "cert-name: cert-path: key-path: reason: domain: domains: config-dir: work-dir: " +
		"logs-dir: server: email: webroot-path: authenticator: installer: config: non-interactive noninteractive agree-tos " +
		"dry-run delete-after-revoke no-delete-after-revoke force-renewal help", inherit: true,
		dryRun: []string{"--dry-run", "-h", "--help"}},
	// couchbase-cli SUBCOMMAND [OPTIONS…]
	{name: "couchbase-cli", short: "c:u:p:h", long: "cluster: username: password: bucket: force help", inherit: true, dryRun: helpDry},
	// crm [OPTIONS…] LEVEL COMMAND …: Pacemaker's crmsh.
	{name: "crm", short: "c:fFwdRhH:", long: "cib: force wait debug regression-tests help history: scriptdir: user:", inherit: true,
		dryRun: helpDry},
	// curator_cli [OPTIONS…] ACTION [OPTIONS…]: Elasticsearch Curator.
	{name: "curator_cli", long: "config: host: port: url_prefix: use_ssl certificate: client_cert: client_key: ssl-no-validate " +
		"http_auth: timeout: master-only dry-run loglevel: logfile: logformat: ignore_empty_list allow_ilm_indices filter_list: " +
		"help", inherit: true, dryRun: []string{"--dry-run", "--help"}},
	// doveadm [-c CONF] [-o KEY=VALUE] COMMAND [-A|-u USER] …
	{name: "doveadm", short: "c:o:Dvf:", long: ""},
	// drbdadm [OPTIONS…] COMMAND RESOURCE…; options after "--" go to
	// drbdsetup (drbdadm -- --discard-my-data connect r0).
	{name: "drbdadm", short: "dc:t:sSvh", long: "dry-run config-file: config-to-test: stacked verbose sh-varname: peer: force help",
		inherit: true, dryRun: []string{"-d", "--dry-run", "-h", "--help"}},
	// exim's options are one dash and many letters (-Mrm ID…, -bp): the
	// message ids are operands.
	{name: "exim", dashLong: true, long: "Mrm Mf Mt Mg M bp bpc bpu qff qf q C: f: oMr:"},
	{name: "exim4", dashLong: true, long: "Mrm Mf Mt Mg M bp bpc bpu qff qf q C: f: oMr:"},
	// gitlab-ctl COMMAND; gitlab-rake TASK [KEY=VALUE…]
	{name: "gitlab-ctl", long: ""},
	{name: "gitlab-rake", long: "trace dry-run", dryRun: []string{"--dry-run"}},
	// govc COMMAND [-flag…] ARGS: vSphere's CLI; one-dash flags.
	{name: "govc", short: "h", long: "u: k: dc: ds: host: pool: vm.ipath: vm.uuid: vm.dns: vm.ip: folder: force off on reset suspend s r " +
		"wait: m: json debug dump help", dashLong: true, inherit: true, dryRun: goHelpDry},
	// ipa-server-install [OPTIONS…]: --uninstall removes the IdM server.
	{name: "ipa-server-install", short: "Uq", long: "uninstall unattended ignore-topology-disconnect ignore-last-of-role quiet"},
	// ipmitool [OPTIONS…] COMMAND …: power and resets of a server's BMC.
	{name: "ipmitool", short: "I:H:U:P:L:p:Ef:cvy:k:C:N:R:Tt:b:Bl:m:o:O:S:A:ae:hV"},
	// iscsiadm -m MODE [OPTIONS…]: -o delete removes node records.
	{name: "iscsiadm", short: "m:T:p:I:o:n:v:U:L:uslkP:t:r:d:h", long: "mode: targetname: portal: interface: op: name: value: " +
		"logoutall: loginall: logout login stats print: type: sid: debug: help"},
	// istioctl [GLOBAL…] COMMAND: uninstall (also under x/experimental).
	{name: "istioctl", short: "c:i:r:yf:n:s:h", long: "kubeconfig: context: istioNamespace: istio-namespace: revision: skip-confirmation " +
		"purge filename: set: dry-run vklog: namespace: verify help", inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	{name: "kafka-configs", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-configs.sh", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-consumer-groups", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-consumer-groups.sh", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-delete-records", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-delete-records.sh", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-topics", long: kafkaLong, dryRun: kafkaDry},
	{name: "kafka-topics.sh", long: kafkaLong, dryRun: kafkaDry},
	// knife SUBCOMMAND … [OPTIONS…]: Chef. knife ssh QUERY CMD…: CMD runs
	// on every node the search (or, with -m, the list) names, as one line.
	{name: "knife", short: "yc:s:u:k:E:", long: "yes config: server-url: user: key: environment: help", inherit: true,
		subs: []command{{name: "ssh", short: "a:AC:eG:i:mp:P:x:h", long: "attribute: forward-agent concurrency: exit-on-error " +
			"ssh-gateway: ssh-gateway-identity: ssh-identity-file: identity-file: manual-list ssh-port: ssh-password: ssh-user: " +
			"host-key-verify no-host-key-verify prefix-attribute: tmux screen macterm cssh help",
			run: &wrap{kind: runLine, skip: 1, permute: true, remote: true, stops: []string{"-h", "--help"}}}}},
	// ldapdelete [OPTIONS…] DN…: -r deletes the subtree below each.
	{name: "ldapdelete", short: "rcnvMf:H:D:w:W:y:x:ZIQO:R:U:X:Y:P:e:E:o:z:", long: ""},
	// mongod [OPTIONS…]: --repair rewrites the data files, dropping what
	// it cannot read.
	{name: "mongod", short: "f:vh", long: "config: dbpath: port: bind_ip: bind_ip_all logpath: logappend fork replSet: " +
		"storageEngine: wiredTigerCacheSizeGB: auth keyFile: repair upgrade help version"},
	// nats [GLOBAL…] COMMAND SUBCOMMAND …: global options anywhere.
	{name: "nats", short: "s:fh", long: "server: context: creds: nkey: user: password: tlscert: tlskey: tlsca: timeout: js-domain: " +
		"js-api-prefix: inbox-prefix: connection-name: trace force json help", inherit: true, dryRun: helpDry},
	// nodetool [-h HOST] [-p PORT] [-u USER] [-pw PASS] COMMAND …
	{name: "nodetool", short: "h:p:u:", long: "host: port: username: password: pw: pwf: password-file: print-port", dashLong: true,
		inherit: true},
	// openssl COMMAND [OPTIONS…]: -out and -keyout name the files it
	// writes (one dash).
	{name: "openssl", long: opensslLong, dashLong: true, inherit: true, writeOpt: opensslWrite},
	// ovs-vsctl [OPTIONS…] COMMAND [ARGS…] [-- COMMAND …]
	{name: "ovs-vsctl", long: "db: timeout: if-exists may-exist dry-run no-wait oneline format: columns: help", dryRun: []string{"--dry-run", "--help"}},
	// patronictl [-c CONFIG] COMMAND [CLUSTER] [OPTIONS…]
	{name: "patronictl", short: "c:kd:h", long: "config-file: dcs-url: dcs: insecure force help", inherit: true, dryRun: helpDry},
	// pcs [-f FILE] [--force] COMMAND …: Pacemaker/Corosync.
	{name: "pcs", short: "f:hq", long: "force debug all wait:: request-timeout: full corosync_conf: help", inherit: true, dryRun: helpDry},
	// pdbedit: -x deletes the account named by -u.
	{name: "pdbedit", short: "aLvwxu:s:r:f:", long: "create list verbose smbpasswd-style delete user: configfile: fullname: " +
		"homedir: drive: script: profile: account-desc: account-control:"},
	// pg_ctl [OPTIONS…] ACTION: -m MODE is how it stops.
	{name: "pg_ctl", short: "D:l:m:o:p:s:t:wWcN:P:U:S:e:", long: "pgdata: log: mode: options: silent timeout: wait no-wait " +
		"core-files help version", inherit: true, dryRun: []string{"--help"}},
	// pg_ctlcluster [OPTIONS] VERSION CLUSTER ACTION [-- PG_CTL OPTIONS]
	{name: "pg_ctlcluster", short: "m:o:", long: "mode: options: force foreground skip-systemctl-redirect stdlog"},
	{name: "pg_resetwal", short: "c:D:e:fl:m:no:O:u:x:", long: pgResetLong, dryRun: []string{"-n", "--dry-run", "--help"}},
	{name: "pg_resetxlog", short: "c:D:e:fl:m:no:O:u:x:", long: pgResetLong, dryRun: []string{"-n", "--dry-run", "--help"}},
	// pm2 COMMAND [OPTIONS…]
	{name: "pm2", short: "sn:h", long: "silent name: namespace: help", inherit: true, dryRun: helpDry},
	// postsuper [-d ID|ALL] [-h|-H|-r ID|ALL] [QUEUE…]
	{name: "postsuper", short: "c:d:h:H:r:psSv"},
	// pulsar-admin [GLOBAL…] GROUP COMMAND …
	{name: "pulsar-admin", long: "admin-url: auth-plugin: auth-params: tls-allow-insecure tls-trust-cert-path: force help", inherit: true},
	// pveceph SUBCOMMAND …: pool destroy, osd destroy, purge.
	{name: "pveceph", long: "cleanup remove-storages remove-pools force", inherit: true},
	// pvecm SUBCOMMAND …: delnode, expected.
	{name: "pvecm", long: "force link0: link1: nodeid: votes:", inherit: true},
	// pvesh VERB PATH [OPTIONS…]: the REST API of Proxmox VE.
	{name: "pvesh", long: "output-format: noproxy human-readable noborder noheader quiet", inherit: true},
	// rabbitmqadmin [OPTIONS…] VERB TYPE [ARG=VALUE…]
	{name: "rabbitmqadmin", short: "c:N:H:P:V:u:p:U:f:d:qks", long: "config: node: host: port: path-prefix: vhost: username: " +
		"password: base-uri: format: depth: quiet ssl ssl-key-file: ssl-cert-file: ssl-ca-cert-file: ssl-disable-hostname-verification",
		inherit: true},
	// rabbitmqctl [-n NODE] [-q] COMMAND [-p VHOST] …: options anywhere.
	{name: "rabbitmqctl", short: "n:p:qlst:h", long: "node: vhost: quiet longnames silent timeout: formatter: online offline " +
		"if-empty if-unused help", inherit: true, dryRun: helpDry},
	// racadm [-r HOST -u USER -p PASS] SUBCOMMAND …: Dell iDRAC.
	{name: "racadm", short: "r:u:p:i", long: "nocertwarn"},
	// repmgr [OPTIONS…] standby clone|primary unregister …
	{name: "repmgr", short: "f:h:p:U:d:FS:", long: "config-file: host: port: username: dbname: force dry-run superuser: " +
		"node-id: node-name: help", inherit: true, dryRun: []string{"--dry-run", "--help"}},
	// salt-key: -D deletes every minion's key, -d KEY one.
	{name: "salt-key", short: "a:Ad:Dr:RyLlpPq", long: "accept: accept-all delete: delete-all reject: reject-all yes list: list-all " +
		"print: print-all quiet include-all"},
	// samba-tool GROUP COMMAND [OPTIONS…]
	{name: "samba-tool", short: "s:d:H:U:h", long: "configfile: debuglevel: URL: user: password: realm: workgroup: server: help",
		inherit: true, dryRun: helpDry},
	// skaffold COMMAND [OPTIONS…]: delete removes what run or dev deployed.
	{name: "skaffold", short: "p:n:f:m:v:h", long: "profile: namespace: filename: module: kube-context: kubeconfig: default-repo: " +
		"verbosity: label: detect-minikube tail help", inherit: true, dryRun: helpDry},
	// smbcontrol [OPTIONS…] DESTINATION MESSAGE [PARAMETERS]
	{name: "smbcontrol", short: "s:t:d:", long: "configfile: timeout: debuglevel:"},
	// smbpasswd [OPTIONS…] [USER]: -x deletes the user.
	{name: "smbpasswd", short: "axdenDr:U:s:hiLWwc:"},
	// snapper [GLOBAL…] COMMAND [OPTIONS…]
	{name: "snapper", short: "c:qvt:h", long: "config: quiet verbose table-style: utc iso machine-readable: csvout jsonout no-dbus " +
		"root: ambit: no-headers sync description: type: cleanup-algorithm: userdata: print-number help", inherit: true,
		dryRun: helpDry},
	// ssh-keygen: -f FILE is the key it writes, unless it only reads one
	// (-l fingerprint, -y public key, -F find, -R remove a host from
	// known_hosts, -e/-i convert to standard output).
	{name: "ssh-keygen", short: "AaB:b:C:cD:E:eF:f:g:HhI:iJ:j:K:kLlM:m:N:n:O:P:pQqR:r:s:T:t:Uu:V:vw:x:Y:yZ:z:",
		writeOpt: []string{"-f"}, readOnly: []string{"-l", "-y", "-F", "-R", "-e", "-i", "-D", "-Q", "-B", "-r", "-Y"}},
	// stonith_admin: -F/--fence and -B/--reboot NODE power a node off.
	{name: "stonith_admin", short: "F:B:U:hlLIMqvt:a:", long: "fence: reboot: unfence: help list: list-registered list-installed " +
		"metadata quiet verbose timeout: agent:"},
	// supervisorctl [-c CONF] [-s URL] [-u USER] [-p PASS] ACTION …
	{name: "supervisorctl", short: "c:s:u:p:ihr:", long: "configuration: serverurl: username: password: interactive help history-file:",
		dryRun: helpDry},
	// systemd-tmpfiles [OPTIONS…] [CONFIG…]: --remove deletes what the
	// configuration marks for removal, on a running system.
	{name: "systemd-tmpfiles", long: "create clean remove purge boot prefix: exclude-prefix: root: image: replace: cat-config tldr " +
		"dry-run graceful user help", dryRun: []string{"--dry-run", "--cat-config", "--tldr", "--help"}},
	// tilt COMMAND [OPTIONS…]
	{name: "tilt", short: "f:vh", long: "file: delete-namespaces context: namespace: port: host: legacy stream help", inherit: true,
		dryRun: helpDry},
	// timeshift MODE [OPTIONS…]: the modes are options (--delete,
	// --restore), their targets values.
	{name: "timeshift", long: "list list-snapshots list-devices check create restore delete delete-all snapshot: target: " +
		"target-device: grub: grub-device: comments: tags: snapshot-device: yes skip-grub scripted debug verbose quiet help",
		dryRun: []string{"--help", "--list", "--list-snapshots", "--list-devices"}},
	// vim-cmd NAMESPACE/COMMAND ARGS…: ESXi's host shell.
	{name: "vim-cmd", short: "hU:P:H:", long: ""},
	// zkCli.sh [-server HOST:PORT] [COMMAND ARGS…]; one dash.
	{name: "zkCli", long: zkLong, dashLong: true},
	{name: "zkCli.sh", long: zkLong, dashLong: true},
	// zookeeper-shell.sh HOST:PORT [COMMAND ARGS…]
	{name: "zookeeper-shell", long: zkLong, dashLong: true},
	{name: "zookeeper-shell.sh", long: zkLong, dashLong: true},
}
