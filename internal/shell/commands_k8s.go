package shell

// Grammars of Kubernetes and the orchestrators around it, read from the
// tools' --help texts (kubectl 1.32, helm 3, etcdctl 3.5, nomad 1.8).
const (
	// kubectlShort and kubectlLong are kubectl's global options, read
	// before and after its verb (kubectl -n prod delete …, kubectl delete
	// … -n prod); oc has the same.
	kubectlShort = "n:s:v:h"
	kubectlLong  = "namespace: server: v: as: as-group: as-uid: cache-dir: certificate-authority: client-certificate: " +
		"client-key: cluster: context: kubeconfig: kuberc: password: profile: profile-output: request-timeout: " +
		"tls-server-name: token: user: username: vmodule: log-flush-frequency: disable-compression " +
		"insecure-skip-tls-verify match-server-version warnings-as-errors dry-run:: help"
	// kubectl verbs that take objects from files, by label and with
	// output: -f FILE, -k DIR, -l SELECTOR, -o FORMAT, -R.
	kubeFiles    = "filename: kustomize: recursive "
	kubeOut      = "output: template: allow-missing-template-keys show-managed-fields "
	kubeSelShort = "f:k:l:o:R"
	kubeFileOpts = "f:k:o:R"
	// kubeDelete are the options of kubectl delete; apply --prune and
	// replace --force delete too, with some of them.
	kubeDelete = "all all-namespaces cascade:: field-selector: force grace-period: ignore-not-found interactive now raw: " +
		"selector: timeout: wait:: "
	kubeAttach = "container: pod-running-timeout: quiet stdin tty "
	// kubeRollout are the options of the rollout verbs.
	kubeRollout = kubeFiles + kubeOut + "selector: to-revision: revision: timeout: watch "

	helmLong = "burst-limit: debug kube-apiserver: kube-as-group: kube-as-user: kube-ca-file: kube-context: " +
		"kube-insecure-skip-tls-verify kube-tls-server-name: kube-token: kubeconfig: namespace: qps: registry-config: " +
		"repository-cache: repository-config: content-cache: dry-run:: help"
	// helmValues are the options of helm install, upgrade and template
	// that take a value.
	helmValues = "values: set: set-string: set-file: set-json: set-literal: version: timeout: description: post-renderer: " +
		"post-renderer-args: repo: username: password: ca-file: cert-file: key-file: keyring: name-template: " +
		"history-max: api-versions: kube-version: output: show-only: labels: "

	// etcdctl (v3) global options, in any place.
	etcdctlLong = "endpoints: cacert: cert: key: user: password: dial-timeout: command-timeout: keepalive-time: " +
		"keepalive-timeout: discovery-srv: discovery-srv-name: insecure-discovery insecure-skip-tls-verify " +
		"insecure-transport debug hex write-out: auth-jwt-token:"
	etcdRestore = "data-dir: name: initial-cluster: initial-cluster-token: initial-advertise-peer-urls: skip-hash-check " +
		"wal-dir: mark-compacted bump-revision:"

	// nomad's options are Go flags: one dash or two, a value attached
	// with = or in the next word.
	nomadLong = "address: region: namespace: token: ca-cert: ca-path: client-cert: client-key: tls-server-name: " +
		"tls-skip-verify no-color force-color"
)

// kubectlSubs are the verbs of kubectl, and of oc, which adds adm,
// project and a few others.
var kubectlSubs = []command{
	{name: "adm", subs: []command{ // oc adm
		{name: "cordon", short: "l:", long: "selector:"},
		{name: "drain", short: "l:", long: kubeDrain},
		{name: "prune", long: "keep-tag-revisions: keep-younger-than: keep-complete: keep-failed: confirm"},
		{name: "taint", short: "l:o:", long: kubeOut + "all overwrite selector: validate:: field-manager:"},
		{name: "uncordon", short: "l:", long: "selector:"},
	}},
	{name: "annotate", short: kubeSelShort + "A", long: kubeFiles + kubeOut + "all all-namespaces field-selector: list local overwrite resource-version: selector: field-manager:"},
	{name: "api-resources", short: "o:", long: "api-group: cached categories: namespaced no-headers output: sort-by: verbs:"},
	{name: "apply", short: kubeSelShort, long: kubeFiles + kubeOut + "all cascade:: field-manager: force force-conflicts grace-period: " +
		"openapi-patch overwrite prune prune-allowlist: prune-whitelist: selector: server-side subresource: timeout: validate:: wait",
		subs: []command{{name: "edit-last-applied"}, {name: "set-last-applied"}, {name: "view-last-applied"}}},
	{name: "attach", short: "c:iqt", long: kubeAttach},
	{name: "auth", subs: []command{{name: "can-i"}, {name: "reconcile"}, {name: "whoami"}}},
	{name: "autoscale", short: kubeFileOpts, long: kubeFiles + kubeOut + "cpu-percent: max: min: name: save-config field-manager:"},
	{name: "certificate", subs: []command{{name: "approve"}, {name: "deny"}}},
	{name: "cluster-info"},
	{name: "config"},
	{name: "cordon", short: "l:", long: "selector:"},
	{name: "cp", short: "c:", long: "container: no-preserve retries:"},
	{name: "create", short: kubeSelShort, long: kubeFiles + kubeOut + "edit field-manager: raw: save-config selector: validate:: windows-line-endings"},
	// kubectl debug NODE|POD [-it] --image=I -- CMD…: CMD runs in a debug
	// container, on the node (its root at /host) or beside the pod.
	{name: "debug", short: "c:f:iqt" + kubectlShort, long: "arguments-only attach container: copy-to: custom: env: filename: image: image-pull-policy: " +
		"keep-annotations keep-init-containers keep-labels keep-liveness keep-readiness keep-startup quiet replace " +
		"same-node set-image: share-processes stdin target: tty " + kubectlLong,
		run: &wrap{skip: 1, remote: true, permute: true}},
	{name: "delete", short: kubeSelShort + "iA", long: kubeFiles + kubeOut + kubeDelete},
	{name: "describe", short: "f:k:l:AR", long: kubeFiles + "all-namespaces chunk-size: selector: show-events"},
	{name: "diff", short: "f:k:l:R", long: kubeFiles + "concurrency: field-manager: force-conflicts prune prune-allowlist: selector: server-side"},
	{name: "drain", short: "l:", long: kubeDrain},
	{name: "edit", short: kubeFileOpts, long: kubeFiles + kubeOut + "field-manager: output-patch save-config subresource: validate:: windows-line-endings"},
	{name: "events", short: "o:wA", long: "all-namespaces chunk-size: for: no-headers output: types: watch"},
	// kubectl exec [-it] POD [-c C] -- CMD…: CMD runs in the pod, judged
	// as on another host; its options and kubectl's anywhere before --.
	{name: "exec", short: "c:f:iqt" + kubectlShort, long: kubeAttach + "filename: " + kubectlLong,
		run: &wrap{skip: 1, remote: true, permute: true}},
	{name: "explain", long: "api-version: output: recursive"},
	{name: "expose", short: kubeFileOpts + "l:", long: kubeFiles + kubeOut + "cluster-ip: external-ip: field-manager: labels: load-balancer-ip: " +
		"name: override-type: overrides: port: protocol: save-config selector: session-affinity: target-port: type:"},
	{name: "get", short: kubeSelShort + "L:wA", long: kubeFiles + kubeOut + "all-namespaces chunk-size: field-selector: ignore-not-found " +
		"label-columns: no-headers output-watch-events raw: selector: server-print show-kind show-labels sort-by: subresource: watch watch-only"},
	{name: "kustomize", short: "e:o:", long: "as-current-user enable-alpha-plugins enable-helm env: helm-command: load-restrictor: mount: network network-name: output:"},
	{name: "label", short: kubeSelShort + "A", long: kubeFiles + kubeOut + "all all-namespaces field-selector: list local overwrite resource-version: selector: field-manager:"},
	{name: "logs", short: "c:fl:p", long: "all-containers all-pods container: follow ignore-errors limit-bytes: max-log-requests: pod-running-timeout: " +
		"prefix previous selector: since: since-time: tail: timestamps"},
	// kubectl node-shell NODE [-- CMD…] (a krew plugin): CMD runs on the node,
	// as root in its namespaces.
	{name: "node-shell", short: "x", long: "image:", run: &wrap{skip: 1, remote: true}},
	{name: "patch", short: kubeFileOpts + "p:", long: kubeFiles + kubeOut + "field-manager: local patch: patch-file: subresource: type:"},
	{name: "port-forward", long: "address: pod-running-timeout:"},
	{name: "project"}, // oc
	{name: "proxy", short: "p:u:w:P:", long: "accept-hosts: accept-paths: address: api-prefix: disable-filter keepalive: port: reject-methods: " +
		"reject-paths: unix-socket: www: www-prefix:"},
	{name: "replace", short: kubeFileOpts, long: kubeFiles + kubeOut + "cascade:: field-manager: force grace-period: raw: save-config subresource: timeout: validate:: wait"},
	{name: "rollout", subs: []command{
		{name: "history", short: kubeSelShort, long: kubeRollout},
		{name: "latest"}, // oc
		{name: "pause", short: kubeSelShort, long: kubeRollout},
		{name: "restart", short: kubeSelShort, long: kubeRollout},
		{name: "resume", short: kubeSelShort, long: kubeRollout},
		{name: "status", short: kubeSelShort + "w", long: kubeRollout},
		{name: "undo", short: kubeSelShort, long: kubeRollout},
	}},
	// oc rsh [OPTIONS] POD [CMD…]: CMD runs in the pod, as exec does; the
	// options end at the pod.
	{name: "rsh", short: "c:f:t" + kubectlShort, long: "container: filename: no-tty shell: timeout: tty " + kubectlLong,
		run: &wrap{skip: 1, remote: true}},
	{name: "run", short: "f:k:l:o:iqtR", long: kubeFiles + kubeOut + "annotations: attach cascade:: command env: expose field-manager: force " +
		"grace-period: image: image-pull-policy: labels: leave-stdin-open override-type: overrides: pod-running-timeout: port: " +
		"privileged quiet restart: rm save-config stdin timeout: tty wait"},
	{name: "scale", short: kubeSelShort, long: kubeFiles + kubeOut + "all current-replicas: replicas: resource-version: selector: timeout:"},
	{name: "set", subs: []command{{name: "env"}, {name: "image"}, {name: "resources"}, {name: "selector"}, {name: "serviceaccount"}, {name: "subject"}}},
	{name: "taint", short: "l:o:", long: kubeOut + "all overwrite selector: validate:: field-manager:"},
	{name: "top", subs: []command{{name: "node", short: "l:", long: "selector: sort-by: no-headers"}, {name: "pod", short: "l:A", long: "all-namespaces containers selector: sort-by: no-headers"}}},
	{name: "uncordon", short: "l:", long: "selector:"},
	{name: "version", short: "o:", long: "client output:"},
	{name: "wait", short: kubeSelShort + "A", long: kubeFiles + kubeOut + "all all-namespaces field-selector: for: local selector: timeout:"},
}

// kubeDrain are the options of kubectl drain (and oc adm drain).
const kubeDrain = "chunk-size: delete-emptydir-data delete-local-data disable-eviction force grace-period: ignore-daemonsets " +
	"pod-selector: selector: skip-wait-for-delete-timeout: timeout:"

var (
	kubectlDry = []string{"--dry-run", "--dry-run=client", "--dry-run=server", "-h", "--help"}
	helmDry    = []string{"--dry-run", "--dry-run=client", "--dry-run=server", "-h", "--help"}
)

// k8sCommands drive Kubernetes and the orchestrators and tools around it.
// Sorted by name.
var k8sCommands = []command{
	// argocd [GLOBAL…] app delete APP…: global options anywhere.
	{name: "argocd", short: "h", long: "server: auth-token: grpc-web insecure plaintext core config: context: header: port-forward port-forward-namespace: help",
		inherit: true, dryRun: helpDry,
		subs: []command{{name: "app", subs: []command{
			{name: "delete", short: "l:y", long: "cascade:: propagation-policy: selector: yes wait"},
			{name: "get"}, {name: "list"}, {name: "sync"},
		}}}},
	// eksctl VERB NOUN [OPTIONS…]
	{name: "eksctl", short: "h", long: "profile: region: color: verbose: help", inherit: true, dryRun: helpDry,
		subs: []command{
			{name: "create"},
			{name: "delete", subs: []command{
				{name: "cluster", short: "f:n:r:w", long: "config-file: name: region: wait force disable-nodegroup-eviction timeout: parallel: pod-eviction-wait-period:"},
				{name: "nodegroup", short: "f:n:r:w", long: "cluster: config-file: name: region: wait drain approve only-missing include: exclude: parallel: disable-eviction"},
			}},
			{name: "get"},
			{name: "scale", subs: []command{{name: "nodegroup", short: "f:n:N:m:M:r:w", long: "cluster: config-file: name: nodes: nodes-min: " +
				"nodes-max: region: timeout: wait"}}},
			{name: "upgrade"}, {name: "utils"},
		}},
	// etcdctl [GLOBAL…] VERB …: global options anywhere (v3; v2's rm and
	// rmdir are kept for old clusters).
	{name: "etcdctl", short: "w:h", long: etcdctlLong + " help", inherit: true, dryRun: helpDry,
		subs: []command{
			{name: "alarm"}, {name: "compaction"}, {name: "defrag", long: "cluster data-dir:"},
			{name: "del", long: "prefix from-key prev-kv range"},
			{name: "endpoint"}, {name: "get", long: "prefix from-key keys-only count-only limit: order: sort-by: rev: print-value-only consistency:"},
			{name: "member", subs: []command{{name: "add"}, {name: "list"}, {name: "promote"}, {name: "remove"}, {name: "update"}}},
			{name: "put"},
			{name: "rm", short: "r", long: "recursive dir with-index:"},
			{name: "rmdir"},
			{name: "snapshot", subs: []command{{name: "restore", long: etcdRestore}, {name: "save"}, {name: "status"}}},
		}},
	{name: "etcdutl", short: "w:", long: "write-out: data-dir:", inherit: true,
		subs: []command{{name: "backup"}, {name: "defrag"}, {name: "snapshot", subs: []command{{name: "restore", long: etcdRestore}, {name: "status"}}}}},
	// flux [GLOBAL…] VERB …
	{name: "flux", short: "n:h", long: "namespace: context: kubeconfig: timeout: verbose help", inherit: true, dryRun: helpDry,
		subs: []command{{name: "delete"}, {name: "get"}, {name: "reconcile"}, {name: "uninstall", long: "keep-namespace dry-run silent", dryRun: []string{"--dry-run"}}}},
	// helm [GLOBAL…] SUBCOMMAND …: global options anywhere. uninstall's
	// --dry-run is a flag; install's and upgrade's take client or server.
	{name: "helm", short: "n:h", long: helmLong, inherit: true, dryRun: helmDry,
		subs: []command{
			{name: "del", long: "cascade: description: keep-history no-hooks purge timeout: wait ignore-not-found"},
			{name: "delete", long: "cascade: description: keep-history no-hooks purge timeout: wait ignore-not-found"},
			{name: "get"}, {name: "history"},
			{name: "install", short: "f:o:", long: helmValues + "atomic create-namespace generate-name wait wait-for-jobs devel force"},
			{name: "list", short: "aAdf:l:m:o:qr", long: "all all-namespaces date deployed failed filter: max: offset: output: pending reverse selector: short superseded uninstalled uninstalling"},
			{name: "ls", short: "aAdf:l:m:o:qr", long: "all all-namespaces date deployed failed filter: max: offset: output: pending reverse selector: short superseded uninstalled uninstalling"},
			{name: "plugin"}, {name: "repo"}, {name: "rollback"}, {name: "status"},
			{name: "template", short: "f:s:", long: helmValues + "create-namespace generate-name include-crds release-name skip-tests validate"},
			{name: "un", long: "cascade: description: keep-history no-hooks timeout: wait ignore-not-found"},
			{name: "uninstall", long: "cascade: description: keep-history no-hooks timeout: wait ignore-not-found"},
			{name: "upgrade", short: "f:io:", long: helmValues + "atomic cleanup-on-fail create-namespace force install reset-values reuse-values " +
				"reset-then-reuse-values wait wait-for-jobs devel"},
		}},
	// kubeadm VERB … [--dry-run]
	{name: "kubeadm", short: "v:h", long: "v: rootfs: dry-run help", inherit: true, dryRun: []string{"--dry-run", "-h", "--help"},
		subs: []command{
			{name: "certs"}, {name: "init", long: "config: pod-network-cidr: service-cidr: apiserver-advertise-address: control-plane-endpoint: " +
				"cri-socket: ignore-preflight-errors: kubernetes-version: token: upload-certs skip-phases:"},
			{name: "join", long: "config: token: discovery-token-ca-cert-hash: discovery-token: discovery-file: cri-socket: " +
				"ignore-preflight-errors: control-plane certificate-key: node-name: skip-phases:"},
			{name: "reset", short: "f", long: "cert-dir: cleanup-tmp-dir config: cri-socket: force ignore-preflight-errors: kubeconfig: skip-phases:"},
			{name: "token"}, {name: "upgrade"},
		}},
	// kubectl [GLOBAL…] VERB [OPTIONS…]: global options anywhere.
	{name: "kubectl", short: kubectlShort, long: kubectlLong, inherit: true, dryRun: kubectlDry, subs: kubectlSubs},
	// nomad VERB [NOUN] [-OPTION…]: Go flags, -purge and --purge alike.
	{name: "nomad", short: "h", long: nomadLong + " help", dashLong: true, inherit: true, dryRun: goHelpDry,
		subs: []command{
			// nomad alloc exec [-task T] ALLOC CMD…: CMD runs in the allocation.
			{name: "alloc", subs: []command{{name: "exec", long: "task: job i t e: " + nomadLong, dashLong: true,
				run: &wrap{skip: 1, remote: true}}}},
			{name: "job", subs: []command{
				{name: "plan"}, {name: "run"}, {name: "scale"}, {name: "status"},
				{name: "stop", long: "purge yes detach global no-shutdown-delay eval-priority: verbose"},
			}},
			{name: "namespace", subs: []command{{name: "apply"}, {name: "delete"}, {name: "list"}}},
			{name: "node", subs: []command{
				{name: "drain", long: "enable disable deadline: detach force ignore-system no-deadline keep-ineligible monitor self yes meta:"},
				{name: "eligibility", long: "enable disable self"},
				{name: "status"},
			}},
			{name: "stop", long: "purge yes detach global no-shutdown-delay eval-priority: verbose"},
			{name: "system", subs: []command{{name: "gc"}}},
			{name: "volume", subs: []command{{name: "delete", long: "secret: type:"}, {name: "deregister", long: "force"}, {name: "status"}}},
		}},
	// oc: kubectl's grammar, with OpenShift's verbs.
	{name: "oc", short: kubectlShort, long: kubectlLong, inherit: true, dryRun: kubectlDry, subs: kubectlSubs},
	// velero [GLOBAL…] NOUN VERB …
	{name: "velero", short: "n:h", long: "namespace: kubeconfig: kubecontext: features: colorized: help", inherit: true, dryRun: helpDry,
		subs: []command{
			{name: "backup", subs: []command{{name: "create"}, {name: "delete", long: "all confirm selector:", short: "l:"}, {name: "get"}}},
			{name: "restore", subs: []command{{name: "create", long: "from-backup: from-schedule: existing-resource-policy: namespace-mappings: " +
				"include-namespaces: exclude-namespaces: include-resources: exclude-resources: selector: wait"}, {name: "delete", long: "all confirm selector:", short: "l:"}, {name: "get"}}},
			{name: "schedule", subs: []command{{name: "create"}, {name: "delete", long: "all confirm selector:", short: "l:"}, {name: "get"}}},
			// velero VERB NOUN: the same commands in the other order.
			{name: "delete", subs: []command{{name: "backup", long: "all confirm selector:", short: "l:"},
				{name: "backups", long: "all confirm selector:", short: "l:"}, {name: "restore", long: "all confirm selector:", short: "l:"},
				{name: "schedule", long: "all confirm selector:", short: "l:"}, {name: "schedules", long: "all confirm selector:", short: "l:"}}},
		}},
}
