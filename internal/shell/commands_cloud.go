package shell

// Grammars shared by the cloud commands.
const (
	// awsLong are the AWS CLI's global options, read anywhere on the line.
	awsLong = "profile: region: endpoint-url: output: query: cli-read-timeout: cli-connect-timeout: color: ca-bundle: " +
		"cli-binary-format: cli-input-json: cli-input-yaml: page-size: max-items: starting-token: " +
		"debug no-verify-ssl no-paginate no-sign-request no-cli-pager cli-auto-prompt no-cli-auto-prompt dry-run no-dry-run dryrun"
	// awsS3Long are the options of the high-level aws s3 commands.
	awsS3Long = "exclude: include: acl: grants: storage-class: sse: sse-kms-key-id: content-type: cache-control: expires: metadata: " +
		"recursive delete quiet only-show-errors size-only exact-timestamps follow-symlinks no-follow-symlinks force"
	// osLong are the options every OpenStack client takes before its
	// subcommand: where the cloud is and who is asking.
	osLong = "help os-cloud: os-region-name: os-project-name: os-project-id: os-tenant-name: os-tenant-id: os-username: os-password: " +
		"os-auth-url: os-user-domain-name: os-project-domain-name: os-domain-name: os-identity-api-version: os-interface: " +
		"os-auth-type: os-token: os-cacert: os-cert: os-key: os-endpoint-type: os-compute-api-version: os-volume-api-version: " +
		"os-image-api-version: os-network-api-version: insecure debug"
	// terraformLong are terraform's (and tofu's) options, one dash or two,
	// before or after the subcommand.
	terraformLong = "chdir: var: var-file: target: replace: lock-timeout: parallelism: state: state-out: backup: out: lock:: input:: refresh:: " +
		"auto-approve destroy force no-color compact-warnings json refresh-only upgrade reconfigure migrate-state help"
	terragruntLong = terraformLong + " terragrunt-working-dir: working-dir: terragrunt-config: config: terragrunt-log-level: log-level: " +
		"terragrunt-non-interactive non-interactive all"
)

var (
	// helpDry: asking a command for help runs nothing (cobra, argparse,
	// urfave: anywhere on the line).
	helpDry = []string{"-h", "--help"}
	// goHelpDry: the same for terraform and other tools built on
	// mitchellh/cli, which also take -help.
	goHelpDry = []string{"-h", "-help", "--help"}
	// awsSubs are the services whose operations need more grammar than
	// "SERVICE OPERATION --name value…": the options whose values rules
	// read (a desired count of 0, a change batch that deletes).
	awsSubs = []command{
		{name: "*", subs: []command{{name: "*", subs: awsHelp}}},
		{name: "ec2", subs: []command{{name: "*", subs: awsHelp}, {name: "modify-instance-attribute", long: "disable-api-termination:", subs: awsHelp}}},
		{name: "autoscaling", subs: []command{{name: "*", long: "min-size: max-size: desired-capacity:", subs: awsHelp}}},
		{name: "ecs", subs: []command{{name: "*", long: "desired-count:", subs: awsHelp}}},
		{name: "lambda", subs: []command{{name: "*", long: "reserved-concurrent-executions:", subs: awsHelp}}},
		{name: "rds", subs: []command{{name: "*", long: "backup-retention-period:", subs: awsHelp}}},
		{name: "eks", subs: []command{{name: "*", long: "scaling-config:", subs: awsHelp}}},
		{name: "route53", subs: []command{{name: "*", long: "change-batch:", subs: awsHelp}}},
		{name: "s3", subs: []command{{name: "*", long: awsS3Long, subs: awsHelp}}},
		// aws ssm send-command --document-name AWS-RunShellScript --parameters
		// commands=LINE runs LINE on every instance its targets pick.
		{name: "ssm", subs: []command{{name: "*", subs: awsHelp}, {name: "send-command", long: "parameters: document-name: targets: " +
			"instance-ids: comment: timeout-seconds: max-concurrency: max-errors: output-s3-bucket-name: cloud-watch-output-config:",
			run: &wrap{kind: runNone, permute: true, lineOpts: []string{"--parameters commands="}, remote: true,
				hostOpts: []string{"--targets", "--instance-ids"}}, subs: awsHelp}}},
	}
	// gcloudSSH: gcloud compute ssh VM --command LINE runs LINE on the VM;
	// with --dry-run it only prints the ssh command.
	gcloudSSH = []command{{name: "ssh", short: "qh", long: "command: zone: project: account: configuration: verbosity: format: " +
		"impersonate-service-account: ssh-flag: ssh-key-file: ssh-key-expire-after: strict-host-key-checking: container: worker: " +
		"internal-ip tunnel-through-iap plain quiet troubleshoot force-key-file-overwrite dry-run help",
		run: &wrap{kind: runNone, permute: true, lineOpts: []string{"--command"}, remote: true, stops: []string{"--dry-run", "-h", "--help"}}}}
	// awsHelp: "aws SERVICE OPERATION help" shows the operation's manual
	// page and runs nothing.
	awsHelp       = []command{{name: "help", dry: true}}
	terraformSubs = []command{
		{name: "apply"}, {name: "destroy"}, {name: "force-unlock"}, {name: "import"}, {name: "plan"},
		{name: "state", subs: []command{{name: "list"}, {name: "mv", long: "dry-run", dashLong: true, dryRun: []string{"-dry-run", "--dry-run"}},
			{name: "pull"}, {name: "push"}, {name: "rm", long: "dry-run", dashLong: true, dryRun: []string{"-dry-run", "--dry-run"}}, {name: "show"}}},
		{name: "taint"}, {name: "untaint"},
		{name: "workspace", subs: []command{{name: "delete"}, {name: "list"}, {name: "new"}, {name: "select"}}},
	}
)

// cloudCommands manage clouds and what runs in them: the providers' CLIs,
// infrastructure as code, object storage. Sorted by name.
var cloudCommands = []command{
	// aliyun PRODUCT ApiName --Param value: Alibaba Cloud's API by name.
	{name: "aliyun", long: "profile: region: endpoint: mode: access-key-id: access-key-secret: output: DryRun: force dryrun help",
		inherit: true, dryRun: []string{"--dryrun", "--DryRun=true", "--help"}},
	// aws [GLOBAL…] SERVICE OPERATION [OPTIONS…]: global options anywhere;
	// ec2 operations take --dry-run, s3 commands --dryrun. An option the
	// table does not name is a flag, so the ids after --instance-ids are
	// operands: the target a rule names.
	{name: "aws", long: awsLong, inherit: true, dryRun: []string{"--dry-run", "!--no-dry-run", "--dryrun"}, subs: awsSubs},
	// aws-vault exec [OPTIONS] PROFILE [--] COMMAND…: runs the command with
	// the profile's credentials. Its flags may come after the profile
	// (kingpin), and an inner command's own flags need "--" before them.
	{name: "aws-vault", long: "debug backend: prompt: keychain: secret-service-collection: pass-dir: pass-cmd: pass-prefix: file-dir: help version",
		subs: []command{{name: "exec", short: "d:t:jnsh", long: "duration: mfa-token: region: json no-session server ec2-server ecs-server lazy stdout help",
			run: &wrap{skip: 1, permute: true, stops: []string{"-h", "--help"}}}}},
	// az GROUP [SUBGROUP…] COMMAND --options: names are options (-g, -n);
	// the storage *-batch commands take --dryrun.
	{name: "az", short: "g:n:o:l:s:c:m:u:v:f:yh", long: "subscription: output: query: resource-group: name: location: ids: " +
		"new-capacity: node-count: method: url: cluster-name: vault-name: account-name: nsg-name: server: delete-backup-data: mode: " +
		"yes no-wait debug verbose only-show-errors dryrun what-if help",
		inherit: true, dryRun: []string{"--dryrun", "-h", "--help"},
		// az vm run-command invoke -n VM --scripts LINE runs LINE on the VM.
		subs: []command{{name: "vm", subs: []command{{name: "run-command", subs: []command{{name: "invoke", short: "g:n:h",
			long: "resource-group: name: command-id: scripts: parameters: ids: subscription: output: query: no-wait help",
			run: &wrap{kind: runNone, permute: true, lineOpts: []string{"--scripts"}, remote: true, hostOpts: []string{"-n", "--name"},
				stops: []string{"-h", "--help"}}}}}}}}},
	// azcopy COMMAND SRC [DST] [--options]: remove (rm) deletes blobs and
	// files, sync --delete-destination=true deletes what the source lacks.
	{name: "azcopy", short: "h", long: "include-pattern: exclude-pattern: include-path: exclude-path: list-of-files: from-to: " +
		"delete-destination: log-level: cap-mbps: recursive dry-run help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	// b2 COMMAND [OPTIONS…]: Backblaze B2.
	{name: "b2", short: "h", long: "profile: threads: exclude-regex: include-regex: compare-versions: keep-days: " +
		"recursive versions delete dry-run dryRun quiet help",
		inherit: true, dryRun: []string{"--dry-run", "--dryRun", "-h", "--help"}},
	// cdk COMMAND [STACKS…]: the AWS CDK; destroy deletes the stacks.
	{name: "cdk", short: "a:c:o:vfh", long: "app: context: output: profile: require-approval: role-arn: toolkit-stack-name: " +
		"all force verbose exclusively help",
		inherit: true, dryRun: helpDry},
	{name: "cinder", short: "h", long: osLong, inherit: true, dryRun: helpDry},
	// doctl [GLOBAL…] GROUP… COMMAND: global options anywhere.
	{name: "doctl", short: "t:c:u:o:vfh", long: "access-token: api-url: config: context: output: format: http-retry-max: " +
		"http-retry-wait-max: http-retry-wait-min: tag-name: image: size: region: trace verbose interactive force dangerous help",
		inherit: true, dryRun: helpDry,
		// doctl compute ssh DROPLET --ssh-command LINE runs LINE on the droplet.
		subs: []command{{name: "compute", subs: []command{{name: "ssh", short: "t:c:h",
			long: "ssh-command: ssh-user: ssh-key-path: ssh-port: access-token: context: config: ssh-agent-forwarding ssh-private-ip help",
			run:  &wrap{kind: runNone, permute: true, lineOpts: []string{"--ssh-command"}, remote: true, stops: []string{"-h", "--help"}}}}}}},
	// eb COMMAND [ENV]: the Elastic Beanstalk CLI.
	{name: "eb", short: "r:p:vh", long: "region: profile: all force timeout: verbose help", inherit: true, dryRun: helpDry},
	// fly (flyctl) GROUP COMMAND: Fly.io.
	{name: "fly", short: "a:c:t:yh", long: "app: config: access-token: org: region: yes force help", inherit: true, dryRun: helpDry},
	{name: "flyctl", short: "a:c:t:yh", long: "app: config: access-token: org: region: yes force help", inherit: true, dryRun: helpDry},
	// gcloud [GLOBAL…] [alpha|beta] GROUP… COMMAND: global options anywhere,
	// and the options most commands share (--zone, --region…).
	{name: "gcloud", short: "qh", long: "project: account: billing-project: configuration: flags-file: flatten: format: " +
		"impersonate-service-account: trace-token: verbosity: zone: region: location: filter: limit: page-size: sort-by: " +
		"command: cluster: instance: node-pool: num-nodes: size: keyring: key: type: " +
		"quiet log-http user-output-enabled no-user-output-enabled async dry-run recursive help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"},
		subs: []command{{name: "compute", subs: gcloudSSH},
			{name: "alpha", subs: []command{{name: "compute", subs: gcloudSSH}}}, {name: "beta", subs: []command{{name: "compute", subs: gcloudSSH}}}}},
	{name: "glance", short: "h", long: osLong, inherit: true, dryRun: helpDry},
	// gsutil [-m] [-o K=V] [-h HDR] SUBCOMMAND [OPTIONS…]: its own options
	// come before the subcommand.
	{name: "gsutil", short: "o:h:u:i:mDdq",
		subs: []command{
			{name: "rb", short: "f"},
			{name: "rm", short: "afIrR"},
			{name: "rsync", short: "acCdeinpPrRuUx:j:J", dryRun: []string{"-n"}},
		}},
	{name: "hcloud", short: "o:l:h", long: "config: context: poll-interval: endpoint: debug-file: output: selector: image: type: name: " +
		"debug quiet help",
		inherit: true, dryRun: helpDry,
		// hcloud server ssh SERVER [COMMAND…]: COMMAND runs on the server.
		subs: []command{{name: "server", subs: []command{{name: "ssh", short: "u:p:h", long: "user: port: config: context: ipv6 help",
			run: &wrap{kind: runLine, skip: 1, permute: true, remote: true, stops: []string{"-h", "--help"}}}}}}},
	{name: "heat", short: "h", long: osLong, inherit: true, dryRun: helpDry},
	// heroku TOPIC:COMMAND [--app APP]: options anywhere.
	{name: "heroku", short: "a:r:h", long: "app: remote: confirm: help", inherit: true, dryRun: helpDry},
	// kops delete … acts only with --yes; without it, it lists what would go.
	{name: "kops", short: "f:vy", long: "state: name: config: filename: yes verbose: help", inherit: true,
		dryRun: []string{"--help"}},
	{name: "linode-cli", short: "h", long: "as-user: format: delimiter: page: page-size: image: region: type: root_pass: label: " +
		"text json no-headers all all-columns all-rows suppress-warnings no-defaults markdown recursive help",
		inherit: true, dryRun: helpDry},
	// mc is the MinIO client (and Midnight Commander, which has no
	// subcommands a rule names); mcli and minio-client are its names
	// where mc is Midnight Commander's (Arch, Fedora, some images).
	mcCommand("mc"),
	mcCommand("mcli"),
	mcCommand("minio-client"),
	{name: "neutron", short: "h", long: osLong, inherit: true, dryRun: helpDry},
	{name: "nova", short: "h", long: osLong, inherit: true, dryRun: helpDry},
	// oci SERVICE RESOURCE ACTION --options: Oracle Cloud.
	{name: "oci", short: "h", long: "profile: region: config-file: auth: output: query: endpoint: action: force help", inherit: true, dryRun: helpDry},
	// openstack [--os-… VALUE] OBJECT [OBJECT] ACTION [OPTIONS…].
	{name: "openstack", short: "f:c:vqh", long: osLong + " log-file: format: column: image: flavor: network: project: size: status: " +
		"verbose quiet wait purge force recursive dry-run",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	// pulumi [GLOBAL…] COMMAND: destroy --preview-only changes nothing.
	{name: "pulumi", short: "C:s:v:t:p:m:yfjrh", long: "cwd: stack: color: config-file: target: parallel: message: tracing: profiling: " +
		"yes skip-preview non-interactive logtostderr logflow preview-only remove force emoji json diff refresh " +
		"target-dependents exclude-protected help",
		inherit: true, dryRun: []string{"--preview-only", "-h", "--help"}},
	{name: "s3cmd", short: "c:rfnvdHh", long: "config: access_key: secret_key: access_token: host: host-bucket: region: exclude: include: " +
		"rexclude: rinclude: exclude-from: recursive force dry-run delete-removed no-delete-removed delete-after skip-existing " +
		"verbose debug human-readable-sizes help",
		dryRun: []string{"-n", "--dry-run", "-h", "--help"}},
	// s5cmd [GLOBAL…] COMMAND ARGS: a fast S3 client; --dry-run is global.
	{name: "s5cmd", short: "h", long: "endpoint-url: profile: credentials-file: numworkers: retry-count: log: " +
		"dry-run json stat no-sign-request no-verify-ssl delete help",
		inherit: true, dryRun: []string{"--dry-run", "-h", "--help"}},
	// sam COMMAND: the AWS SAM CLI; delete deletes the stack.
	{name: "sam", short: "h", long: "stack-name: region: profile: config-file: config-env: no-prompts help", inherit: true, dryRun: helpDry},
	// scw NAMESPACE RESOURCE VERB: Scaleway.
	{name: "scw", short: "p:c:o:h", long: "profile: config: output: help", inherit: true, dryRun: helpDry},
	// serverless (sls) COMMAND: the Serverless Framework; remove deletes
	// the deployed stack.
	{name: "serverless", short: "s:r:c:h", long: "stage: region: config: aws-profile: help", inherit: true, dryRun: helpDry},
	{name: "sls", short: "s:r:c:h", long: "stage: region: config: aws-profile: help", inherit: true, dryRun: helpDry},
	// swift is OpenStack's object store client (the Swift compiler has no
	// delete).
	{name: "swift", short: "A:U:K:V:ah", long: osLong + " auth: user: key: auth-version: os-storage-url: all", inherit: true, dryRun: helpDry},
	// terraform [-chdir=DIR] SUBCOMMAND [-option…]: one-dash long options.
	{name: "terraform", short: "h", long: terraformLong, dashLong: true, inherit: true, dryRun: goHelpDry, subs: terraformSubs},
	// terragrunt runs terraform: its own options and terraform's.
	{name: "terragrunt", short: "h", long: terragruntLong, dashLong: true, inherit: true, dryRun: goHelpDry},
	{name: "tofu", short: "h", long: terraformLong, dashLong: true, inherit: true, dryRun: goHelpDry, subs: terraformSubs},
	// vultr-cli RESOURCE COMMAND: Vultr.
	{name: "vultr-cli", short: "o:h", long: "config: output: help", inherit: true, dryRun: helpDry},
}

// mcCommand is the MinIO client's grammar under one of its names.
func mcCommand(name string) command {
	return command{name: name, short: "C:H:rh", long: "config-dir: custom-header: limit-upload: limit-download: resolve: older-than: newer-than: " +
		"rewind: version-id: exclude: json debug insecure quiet no-color disable-pager recursive force versions dangerous " +
		"incomplete bypass remove overwrite watch dry-run help",
		dryRun: []string{"--dry-run", "-h", "--help"}}
}
