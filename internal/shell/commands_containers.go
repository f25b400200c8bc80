package shell

// Grammars of the container engines and runtimes, read from their --help
// texts (docker 28, podman 5, nerdctl 2, crictl 1.30, LXD 5).
const (
	dockerShort = "c:DH:l:v"
	dockerLong  = "config: context: debug host: log-level: tls tlscacert: tlscert: tlskey: tlsverify version help"
	podmanShort = "c:r"
	podmanLong  = "help url: connection: root: runroot: identity: log-level: remote storage-driver: storage-opt: cgroup-manager: " +
		"events-backend: hooks-dir: module: network-cmd-path: network-config-dir: noout runtime: runtime-flag: ssh: syslog " +
		"tmpdir: transient-store volumepath: imagestore: out: config: "
	nerdctlShort = "a:n:H:"
	nerdctlLong  = "address: host: namespace: snapshotter: cni-path: cni-netconfpath: data-root: cgroup-manager: insecure-registry " +
		"host-gateway-ip: debug debug-full hosts-dir: experimental"

	// runShort and runLong are the options of docker run and create, with
	// podman's and nerdctl's own: every option that takes a value is named,
	// so that the image and the command after it are read right.
	runShort = "a:c:de:h:il:m:p:Pqtu:v:w:"
	runLong  = "add-host: annotation: attach: blkio-weight: blkio-weight-device: cap-add: cap-drop: cgroup-parent: cgroupns: " +
		"cidfile: cpu-count: cpu-percent: cpu-period: cpu-quota: cpu-rt-period: cpu-rt-runtime: cpu-shares: cpus: cpuset-cpus: " +
		"cpuset-mems: detach detach-keys: device: device-cgroup-rule: device-read-bps: device-read-iops: device-write-bps: " +
		"device-write-iops: disable-content-trust dns: dns-option: dns-search: domainname: entrypoint: env: env-file: expose: " +
		"gpus: group-add: health-cmd: health-interval: health-retries: health-start-interval: health-start-period: " +
		"health-timeout: help hostname: init interactive io-maxbandwidth: io-maxiops: ip: ip6: ipc: isolation: kernel-memory: " +
		"label: label-file: link: link-local-ip: log-driver: log-opt: mac-address: memory: memory-reservation: memory-swap: " +
		"memory-swappiness: mount: name: net: net-alias: network: network-alias: no-healthcheck oom-kill-disable " +
		"oom-score-adj: pid: pids-limit: platform: privileged publish: publish-all pull: quiet read-only restart: rm runtime: " +
		"security-opt: shm-size: sig-proxy stop-signal: stop-timeout: storage-opt: sysctl: tmpfs: tty ulimit: use-api-socket " +
		"user: userns: uts: volume: volume-driver: volumes-from: workdir: " +
		// podman
		"arch: authfile: cert-dir: chrootdirs: conmon-pidfile: creds: decryption-key: env-host gidmap: group-entry: " +
		"health-on-failure: hostuser: http-proxy init-path: image-volume: os: passwd-entry: personality: pidfile: pod: " +
		"pod-id-file: preserve-fd: preserve-fds: rdt-class: read-only-tmpfs replace requires: rootfs sdnotify: seccomp-policy: " +
		"secret: subgidname: subuidname: systemd: timeout: tls-verify tz: uidmap: ulimit-host umask: unsetenv: unsetenv-all " +
		"variant: " +
		// nerdctl
		"cosign-key: verify: snapshotter: cni-path: "

	rmShort  = "afilvt:"
	rmLong   = "all force ignore link volumes time: depend cidfile: latest"
	rmiShort = "afi"
	rmiLong  = "all force ignore no-prune platform:"
	psShort  = "af:n:lqs"
	psLong   = "all filter: format: last: latest no-trunc quiet size pod external namespace sort: watch:"
	// pruneLong are the options of the prunes: --filter takes a value.
	pruneShort = "af"
	pruneLong  = "all filter: force volumes external build keep-storage: reserved-space: max-used-space: min-free-space: builder:"

	// composeShort and composeLong are the options of docker compose,
	// docker-compose and podman-compose before (and after) the verb.
	// containerExecShort and containerExecLong are docker exec's and
	// podman exec's options.
	containerExecShort = "de:iltu:w:"
	containerExecLong  = "detach detach-keys: env: env-file: interactive privileged tty user: workdir: latest preserve-fds:"

	composeShort = "f:p:"
	composeLong  = "file: project-name: profile: env-file: project-directory: ansi: parallel: progress: dry-run all-resources " +
		"compatibility context: host: log-level: verbose no-ansi podman-args: podman-run-args:"
)

var (
	// containerRun is docker run: the image's command runs in a
	// container, and what it does to paths mounted from the host it does
	// to the host (container.go).
	containerRun = &wrap{special: specialContainer}
	// docker exec [OPTIONS] CONTAINER CMD…, podman exec -l CMD…: CMD runs
	// in a running container, judged as on another host: which of the
	// host's paths it sees is not known here.
	containerExec = &wrap{skip: 1, remote: true, noSkip: []string{"-l", "--latest"}, cwdOpts: []string{"-w", "--workdir"}}
	// docker compose exec SERVICE CMD…: in the service's container.
	composeExec = &wrap{skip: 1, remote: true, cwdOpts: []string{"-w", "--workdir"}}
	composeDry  = []string{"--dry-run"}

	// composeSubs are the verbs of docker compose, docker-compose and
	// podman-compose.
	composeSubs = []command{
		{name: "build"}, {name: "config"},
		{name: "down", short: "vt:", long: "rmi: volumes remove-orphans timeout:"},
		{name: "exec", short: "de:Tu:w:", long: "detach env: index: no-TTY privileged user: workdir:", run: composeExec},
		{name: "logs", short: "fnt", long: "follow no-color no-log-prefix since: tail: timestamps until:"},
		{name: "ps"}, {name: "pull"}, {name: "restart"},
		{name: "rm", short: "fsv", long: "force stop volumes"},
		{name: "run"}, {name: "stop"},
		{name: "up", short: "dt:", long: "detach build remove-orphans no-deps force-recreate no-recreate scale: timeout: pull: " +
			"exit-code-from: attach: no-attach: wait wait-timeout:"},
	}

	// containerSubs are the subcommands of docker, podman and nerdctl.
	containerSubs = []command{
		{name: "builder", subs: []command{{name: "prune", short: pruneShort, long: pruneLong}}},
		{name: "buildx", subs: []command{{name: "build"}, {name: "prune", short: pruneShort, long: pruneLong}}},
		{name: "config", subs: []command{{name: "create"}, {name: "ls"}, {name: "remove"}, {name: "rm"}}},
		{name: "compose", short: composeShort, long: composeLong, inherit: true, dryRun: composeDry, subs: composeSubs},
		{name: "container", subs: []command{
			{name: "create", short: runShort, long: runLong},
			{name: "exec", short: containerExecShort, long: containerExecLong, run: containerExec},
			{name: "kill", short: "als:", long: "all latest signal: cidfile:"},
			{name: "list", short: psShort, long: psLong},
			{name: "ls", short: psShort, long: psLong},
			{name: "prune", short: "f", long: "filter: force"},
			{name: "remove", short: rmShort, long: rmLong},
			{name: "rm", short: rmShort, long: rmLong},
			{name: "run", short: runShort, long: runLong, run: containerRun},
			{name: "stop", short: "alis:t:", long: "all ignore latest signal: time: timeout: cidfile: filter:"},
		}},
		{name: "cp", short: "aLq", long: "archive follow-link quiet overwrite",
			role: roleSrcDst, effect: Write, srcKind: Read, remoteDst: true},
		{name: "create", short: runShort, long: runLong},
		{name: "exec", short: containerExecShort, long: containerExecLong, run: containerExec},
		{name: "image", subs: []command{
			{name: "list", short: "af:q", long: "all digests filter: format: no-trunc quiet tree"},
			{name: "ls", short: "af:q", long: "all digests filter: format: no-trunc quiet tree"},
			{name: "prune", short: pruneShort, long: pruneLong},
			{name: "remove", short: rmiShort, long: rmiLong},
			{name: "rm", short: rmiShort, long: rmiLong},
		}},
		{name: "images", short: "af:q", long: "all digests filter: format: no-trunc quiet tree sort: history noheading"},
		{name: "kill", short: "als:", long: "all latest signal: cidfile:"},
		{name: "logs", short: "fn:t", long: "details follow since: tail: timestamps until: names latest color"},
		{name: "network", subs: []command{
			{name: "create", short: "d:", long: "driver: subnet: gateway: ip-range: label: opt: attachable internal ipv6"},
			{name: "ls"},
			{name: "prune", short: "f", long: "filter: force"},
			{name: "remove", short: "f", long: "force"},
			{name: "rm", short: "f", long: "force"},
		}},
		{name: "node", subs: []command{
			{name: "ls"},
			{name: "remove", short: "f", long: "force"},
			{name: "rm", short: "f", long: "force"},
			{name: "update", long: "availability: label-add: label-rm: role:"},
		}},
		{name: "pod", subs: []command{ // podman
			{name: "prune", short: "f", long: "force"},
			{name: "ps"},
			{name: "remove", short: "afit:", long: "all force ignore time: latest pod-id-file:"},
			{name: "rm", short: "afit:", long: "all force ignore time: latest pod-id-file:"},
		}},
		{name: "ps", short: psShort, long: psLong},
		{name: "rm", short: rmShort, long: rmLong},
		{name: "rmi", short: rmiShort, long: rmiLong},
		{name: "run", short: runShort, long: runLong, run: containerRun},
		{name: "secret", subs: []command{{name: "create"}, {name: "ls"}, {name: "remove"}, {name: "rm"}}},
		{name: "service", subs: []command{
			{name: "create"}, {name: "logs"}, {name: "ls"}, {name: "ps"},
			{name: "remove"}, {name: "rm"}, {name: "scale"},
			{name: "update", long: "image: replicas: force detach"},
		}},
		{name: "stack", subs: []command{
			{name: "deploy", short: "c:", long: "compose-file: prune resolve-image: with-registry-auth detach"},
			{name: "down", short: "d", long: "detach"},
			{name: "ls"}, {name: "ps"},
			{name: "remove", short: "d", long: "detach"},
			{name: "rm", short: "d", long: "detach"},
		}},
		{name: "stop", short: "alis:t:", long: "all ignore latest signal: time: timeout: cidfile: filter:"},
		{name: "swarm", subs: []command{
			{name: "init", long: "advertise-addr: listen-addr: data-path-addr: force-new-cluster autolock"},
			{name: "join"}, {name: "join-token"},
			{name: "leave", short: "f", long: "force"},
		}},
		{name: "system", subs: []command{
			{name: "df", short: "v", long: "verbose format:"},
			{name: "prune", short: pruneShort, long: pruneLong},
			{name: "reset", short: "f", long: "force"}, // podman
		}},
		{name: "volume", subs: []command{
			{name: "create", short: "d:o:", long: "driver: label: opt: ignore"},
			{name: "inspect"},
			{name: "list", short: "f:q", long: "filter: format: quiet cluster noheading"},
			{name: "ls", short: "f:q", long: "filter: format: quiet cluster noheading"},
			{name: "prune", short: pruneShort, long: pruneLong},
			{name: "remove", short: "aft:", long: "all force time:"},
			{name: "rm", short: "aft:", long: "all force time:"},
		}},
	}

	// ctrObjects are the verbs ctr has for each kind of object; rm and its
	// spellings delete.
	ctrObjects = []command{{name: "del"}, {name: "delete"}, {name: "kill"}, {name: "list"}, {name: "ls"}, {name: "pull"}, {name: "remove"}, {name: "rm"}}

	// lxcSubs are the subcommands of lxc (LXD) and incus.
	lxcSubs = []command{
		{name: "delete", short: "fi", long: "force interactive"},
		// lxc exec INSTANCE [--] CMD…: in the instance.
		{name: "exec", short: "tT", long: "env: cwd: user: group: mode: force-interactive force-noninteractive",
			run: &wrap{skip: 1, remote: true, permute: true, cwdOpts: []string{"--cwd"}}},
		{name: "rm", short: "fi", long: "force interactive"},
		{name: "storage", subs: []command{
			{name: "delete"},
			{name: "volume", subs: []command{{name: "delete"}, {name: "rm"}}},
		}},
	}
)

// containerCommands run and manage containers. Sorted by name.
var containerCommands = []command{
	// crictl [GLOBAL…] VERB …
	{name: "crictl", short: "c:Di:r:t:", long: "config: debug image-endpoint: runtime-endpoint: timeout:", inherit: true,
		subs: []command{
			{name: "rm", short: "af", long: "all force"},
			{name: "rmi", short: "aq", long: "all prune"},
			{name: "rmp", short: "af", long: "all force"},
			{name: "stop", short: "t:", long: "timeout:"},
			{name: "stopp"},
		}},
	// ctr [-n NAMESPACE] OBJECT VERB …, each with its short names.
	{name: "ctr", short: "a:n:", long: "address: namespace: timeout: connect-timeout: debug",
		subs: []command{
			{name: "c", subs: ctrObjects}, {name: "container", subs: ctrObjects}, {name: "containers", subs: ctrObjects},
			{name: "i", subs: ctrObjects}, {name: "image", subs: ctrObjects}, {name: "images", subs: ctrObjects},
			{name: "namespace", subs: ctrObjects}, {name: "namespaces", subs: ctrObjects}, {name: "ns", subs: ctrObjects},
			{name: "snapshot", subs: ctrObjects}, {name: "snapshots", subs: ctrObjects},
			{name: "t", subs: ctrObjects}, {name: "task", subs: ctrObjects}, {name: "tasks", subs: ctrObjects},
		}},
	// docker [GLOBAL…] SUBCOMMAND …: global options only before it.
	{name: "docker", short: dockerShort, long: dockerLong, subs: containerSubs},
	{name: "docker-compose", short: composeShort + "H:c:", long: composeLong, inherit: true, dryRun: composeDry, subs: composeSubs},
	{name: "incus", short: "hq", long: "project: force-local debug quiet verbose all-projects help", inherit: true, subs: lxcSubs,
		dryRun: helpDry},
	{name: "lxc", short: "hq", long: "project: force-local debug quiet verbose all-projects help", inherit: true, subs: lxcSubs,
		dryRun: helpDry},
	{name: "lxc-destroy", short: "n:fsP:o:l:q", long: "name: force snapshots lxcpath: logfile: logpriority: quiet rcfile:"},
	{name: "nerdctl", short: nerdctlShort, long: nerdctlLong, subs: containerSubs},
	{name: "podman", short: podmanShort, long: podmanLong, subs: containerSubs},
	{name: "podman-compose", short: composeShort, long: composeLong, inherit: true, dryRun: composeDry, subs: composeSubs},
}
