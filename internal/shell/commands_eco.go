package shell

// Grammars of the cloud and Kubernetes ecosystem beyond the big three
// CLIs: Kubernetes distributions and the tools around a cluster, smaller
// clouds' CLIs, and fleet tools (Puppet, MCollective, Rundeck, Fabric),
// read from their --help texts and documentation.
const (
	// talosLong are talosctl's global options (-n NODES, -e ENDPOINTS,
	// read before or after its verb) and the value options of the verbs
	// rules read (reset, upgrade, apply-config).
	talosLong = "nodes: endpoints: talosconfig: context: cluster: siderov1-keys-dir: image: file: mode: " +
		"system-labels-to-wipe: user-disks-to-wipe: timeout: wait:: graceful:: reboot:: preserve:: stage force insecure " +
		"dry-run help"
	// rancherServer are the options of k3s server and rke2 server rules
	// read: --cluster-reset resets the embedded etcd to one member,
	// restoring a snapshot with --cluster-reset-restore-path.
	rancherServer = "config: data-dir: token: cluster-reset cluster-reset-restore-path: server: node-name: help"
	rancherSnap   = "config: data-dir: name: dir: snapshot-retention: s3 s3-bucket: s3-endpoint: s3-folder: help"
)

var (
	// rancherSubs are the own subcommands of k3s and rke2 (k3s also runs
	// its bundled kubectl, crictl and ctr, which are not listed here).
	rancherSubs = []command{
		{name: "agent"}, {name: "certificate"}, {name: "check-config"}, {name: "completion"},
		{name: "etcd-snapshot", long: rancherSnap, inherit: true},
		{name: "secrets-encrypt"},
		{name: "server", long: rancherServer}, {name: "token"},
	}
)

// ecoCommands are the Kubernetes distributions, cluster tools, smaller
// clouds' CLIs and fleet tools not in another family. Sorted by name.
var ecoCommands = []command{
	// ansible-playbook [OPTIONS] PLAYBOOK…: check mode and the listings
	// change nothing.
	{name: "ansible-playbook", short: "i:e:t:l:u:f:M:CDKbkhv", long: "inventory: extra-vars: tags: skip-tags: limit: user: forks: " +
		"become become-user: become-method: check diff list-hosts list-tasks list-tags syntax-check start-at-task: step " +
		"vault-password-file: vault-id: private-key: connection: timeout: ask-become-pass ask-pass ask-vault-pass verbose " +
		"flush-cache force-handlers module-path: help version",
		dryRun: []string{"-C", "--check", "--list-hosts", "--list-tasks", "--list-tags", "--syntax-check", "-h", "--help", "--version"}},
	// bq [GLOBAL…] COMMAND [FLAGS…] ARGS: BigQuery; rm deletes a table or
	// (-r) a dataset and its tables; query runs SQL given as operands.
	{name: "bq", short: "frtdmqh", long: "project_id: dataset_id: location: format: apilog: api: api_version: headless " +
		"use_legacy_sql:: nouse_legacy_sql dry_run force recursive table dataset model routine job_id: max_rows: " +
		"destination_table: replace parameter: quiet help",
		inherit: true, dryRun: []string{"--dry_run", "--help", "-h"},
		subs: []command{{name: "query", long: "project_id: location: format: use_legacy_sql:: nouse_legacy_sql dry_run destination_table: " +
			"replace parameter: max_rows: batch append_table", run: &wrap{special: specialCode, code: &codeSpec{kind: codeSQL, first: true, permute: true,
			noRun: []string{"--dry_run"}}}}}},
	// calicoctl COMMAND: Calico's policies, pools and nodes.
	{name: "calicoctl", short: "f:c:n:h", long: "filename: config: namespace: context: allow-version-mismatch skip-not-exists help",
		inherit: true, dryRun: helpDry},
	// cdktf COMMAND [STACKS…]: CDK for Terraform; destroy destroys the stacks.
	{name: "cdktf", short: "h", long: "app: output: auto-approve ignore-missing-stack-dependencies parallelism: var: var-file: help",
		inherit: true, dryRun: helpDry},
	// cilium (the CLI) COMMAND: uninstall removes the CNI from the cluster.
	{name: "cilium", short: "n:h", long: "namespace: context: helm-release-name: wait help", inherit: true, dryRun: helpDry},
	// civo GROUP COMMAND: Civo; remove is its delete.
	{name: "civo", short: "r:o:yh", long: "region: output: fields: yes pretty help", inherit: true, dryRun: helpDry},
	// clusterctl COMMAND: Cluster API; delete removes providers from the
	// management cluster (and with --include-crd every object of theirs).
	{name: "clusterctl", short: "v:h", long: "kubeconfig: kubeconfig-context: config: namespace: infrastructure: core: bootstrap: " +
		"control-plane: ipam: addon: runtime-extension: to-kubeconfig: to-kubeconfig-context: all include-crd include-namespace " +
		"dry-run help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	{name: "consul-k8s", short: "h", long: "namespace: context: kubeconfig: auto-approve:: wipe-data:: help", dashLong: true, inherit: true,
		dryRun: goHelpDry},
	// copilot GROUP COMMAND: the AWS Copilot CLI.
	{name: "copilot", short: "a:e:n:h", long: "app: env: name: yes help", inherit: true, dryRun: helpDry},
	{name: "devspace", short: "n:p:h", long: "namespace: kube-context: profile: var: help", inherit: true, dryRun: helpDry},
	// exo [GLOBAL…] GROUP… COMMAND: Exoscale.
	{name: "exo", short: "A:C:O:z:fQh", long: "config: use-account: output-format: output-template: zone: force quiet help",
		inherit: true, dryRun: helpDry},
	// fab [OPTIONS] [TASK…] [-- COMMAND…]: Fabric; the words after "--" are
	// one command run on every host -H names (task names are read as
	// commands too: a task is named for what it does).
	{name: "fab", short: "c:f:H:i:r:S:t:T:w:dDehlpRV", long: "collection: config: hosts: identity: search-root: ssh-config: " +
		"connect-timeout: command-timeout: write-pyc: prompt-for-login-password prompt-for-passphrase list help version " +
		"debug dry echo",
		run: &wrap{kind: runLine, remote: true, hostOpts: []string{"-H", "--hosts"},
			stops: []string{"-l", "--list", "-h", "--help", "-V", "--version", "--dry"}}},
	// helmfile [GLOBAL…] COMMAND: -e ENV and -f FILE come before the
	// command; destroy and delete uninstall every release it names.
	{name: "helmfile", short: "e:f:l:n:b:qih", long: "environment: file: selector: namespace: kube-context: helm-binary: " +
		"state-values-set: state-values-file: log-level: interactive quiet help", inherit: true, dryRun: helpDry},
	// ibmcloud [GLOBAL…] PLUGIN COMMAND: IBM Cloud.
	{name: "ibmcloud", short: "c:r:g:fqh", long: "cluster: region: resource-group: force quiet help", inherit: true, dryRun: helpDry},
	// juju COMMAND [OPTIONS…]: Juju; -m names the model.
	{name: "juju", short: "m:c:yh", long: "model: controller: destroy-storage destroy-all-models force no-wait no-prompt dry-run yes help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	// kapp COMMAND: Carvel's kapp; delete removes an app's resources.
	{name: "kapp", short: "a:n:f:yh", long: "app: namespace: file: kubeconfig-context: yes diff-run help", inherit: true,
		dryRun: []string{"--diff-run", "-h", "--help"}},
	// kind delete cluster[s]: kind clusters run in local containers.
	{name: "kind", short: "n:v:qh", long: "name: kubeconfig: verbosity: all quiet help", inherit: true, dryRun: helpDry},
	// kn GROUP COMMAND: Knative.
	{name: "kn", short: "n:h", long: "namespace: context: kubeconfig: all-namespaces help", inherit: true, dryRun: helpDry},
	// mco COMMAND|rpc AGENT ACTION [key=value…]: MCollective; shell run
	// (the shell plugin) runs its line on every node the filters pick.
	{name: "mco", short: "F:C:A:I:S:W:T:t:jvh", long: "wf: with-fact: wc: with-class: wa: with-agent: wi: with-identity: " +
		"select: with: target: timeout: config: json verbose help",
		inherit: true, dryRun: helpDry,
		subs: []command{{name: "shell", subs: []command{{name: "run", run: &wrap{kind: runLine, remote: true}}}}}},
	// microk8s.kubectl is the snap's alias of microk8s kubectl.
	{name: "microk8s.kubectl", run: &wrap{program: "kubectl"}},
	// minikube [GLOBAL…] COMMAND: -p names the profile (the cluster).
	{name: "minikube", short: "p:v:h", long: "profile: alsologtostderr v: all purge help", inherit: true, dryRun: helpDry},
	{name: "nomad-pack", short: "h", long: "registry: ref: name: var: var-file: help", inherit: true, dryRun: helpDry},
	// openshift-install destroy cluster --dir DIR: deletes every cloud
	// resource the installer made for the cluster.
	{name: "openshift-install", short: "h", long: "dir: log-level: help", inherit: true, dryRun: helpDry},
	// ovhcloud GROUP… COMMAND: OVHcloud.
	{name: "ovhcloud", short: "h", long: "cloud-project: profile: output: help", inherit: true, dryRun: helpDry},
	// puppet SUBCOMMAND: resource TYPE NAME key=value sets a resource's
	// state (ensure=absent removes it); --noop changes nothing.
	{name: "puppet", short: "e:h", long: "execute: noop environment: certname: confdir: vardir: modulepath: test verbose debug help",
		inherit: true, dryRun: []string{"--noop", "-h", "--help"}},
	{name: "puppetserver", short: "h", long: "certname: config: help", inherit: true, dryRun: helpDry},
	{name: "rancher", short: "h", long: "context: server: token: help", inherit: true, dryRun: helpDry},
	// rd (the Rundeck CLI) GROUP COMMAND: adhoc runs its command on every
	// node the filter picks.
	{name: "rd", short: "p:F:h", long: "project: filter: help", inherit: true, dryRun: helpDry,
		subs: []command{{name: "adhoc", short: "p:F:C:t:s:u:fh", long: "project: filter: threadcount: script: url: follow help",
			run: &wrap{kind: runLine, remote: true, stops: []string{"-s", "--script", "-u", "--url", "-h", "--help"}}}}},
	// rke COMMAND: Rancher's RKE1; remove tears the cluster down.
	{name: "rke", short: "h", long: "config: name: debug quiet ssh-agent-auth ignore-docker-version force local dind help",
		inherit: true, dryRun: helpDry},
	// rke2 server|agent|etcd-snapshot …: RKE2.
	{name: "rke2", short: "h", long: "help", inherit: true, dryRun: helpDry, subs: rancherSubs},
	// rosa VERB NOUN: Red Hat OpenShift on AWS; -c names the cluster.
	{name: "rosa", short: "c:yh", long: "cluster: region: profile: yes watch help", inherit: true, dryRun: helpDry},
	// salt-ssh TARGET FUNCTION …: salt over SSH; cmd.run runs its line on
	// every host the roster names.
	{name: "salt-ssh", short: "c:ELgriW", long: "roster: roster-file: user: passwd: priv: sudo ignore-host-keys raw " +
		"refresh wipe tty no-host-keys key-deploy identities-only timeout: config-dir: log-level: out: output: help",
		inherit: true, subs: []command{{name: "*", subs: []command{
			{name: "cmd.run", run: &wrap{kind: runLine, remote: true}},
			{name: "cmd.shell", run: &wrap{kind: runLine, remote: true}},
		}}}},
	// talosctl [-n NODES] COMMAND: Talos Linux's API client.
	{name: "talosctl", short: "n:e:i:f:m:h", long: talosLong, inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	{name: "tanzu", short: "n:yh", long: "namespace: yes help", inherit: true, dryRun: helpDry},
	// upctl GROUP COMMAND: UpCloud.
	{name: "upctl", short: "o:h", long: "config: output: force-colours no-colours delete-storages delete-buckets help",
		inherit: true, dryRun: helpDry},
	// vcluster delete NAME: a virtual cluster and everything in it.
	{name: "vcluster", short: "n:h", long: "namespace: context: delete-namespace help", inherit: true, dryRun: helpDry},
	{name: "waypoint", short: "h", long: "app: project: workspace: auto-approve help", dashLong: true, inherit: true, dryRun: goHelpDry},
	{name: "werf", short: "h", long: "env: namespace: kube-context: dev help", inherit: true, dryRun: helpDry},
}
