package shell

// fileCommands delete, move, copy, link, write and change files. Sorted by
// name.
var fileCommands = []command{
	// chattr [-RVf] [-v V] [-p P] MODE FILE…: MODE is +i, -a, =e; a
	// removing mode reads as an option, and removing is harmless.
	{name: "chattr", short: "RVfv:p:", role: roleAfterOne, effect: Chmod, recursive: []string{"-R"}},
	{name: "chgrp", short: "cfhvR", long: "reference: recursive changes silent quiet verbose dereference no-dereference from:", role: roleAfterOne, effect: Chown, refOpt: []string{"--reference"},
		recursive: []string{"-R", "--recursive"}},
	{name: "chmod", short: "cfvR", modeWord: "rwxXst", long: "reference: recursive changes silent quiet verbose preserve-root no-preserve-root", role: roleAfterOne, effect: Chmod, refOpt: []string{"--reference"},
		recursive: []string{"-R", "--recursive"}},
	{name: "chown", short: "cfhvHLPR", long: "reference: from: recursive changes silent quiet verbose dereference no-dereference preserve-root no-preserve-root", role: roleAfterOne, effect: Chown, refOpt: []string{"--reference"},
		recursive: []string{"-R", "--recursive"}},
	{name: "cp", short: "abdfHilLnPprRsS:t:TuvxZ", long: "target-directory: suffix: backup:: sparse: reflink:: preserve:: no-preserve: recursive archive " +
		"attributes-only copy-contents dereference force interactive link no-dereference no-clobber parents remove-destination " +
		"strip-trailing-slashes symbolic-link no-target-directory update:: verbose one-file-system context::",
		role: roleSrcDst, effect: Write, srcKind: Read, targetOpt: []string{"-t", "--target-directory"},
		recursive: []string{"-r", "-R", "-a", "--recursive", "--archive"}},
	// curl [OPTIONS] URL…: -o/--output FILE is written with what it
	// fetches (-c cookie jar, -D headers, --trace: files it writes too).
	{name: "curl", short: "aBfgGiIjJklLnNOpqRsSvV012346ZA:b:c:C:d:D:e:E:F:H:K:m:o:P:Q:r:T:u:U:w:x:X:Y:y:z:",
		long: "output: output-dir: dump-header: cookie-jar: cookie: data: data-raw: data-binary: data-urlencode: data-ascii: json: header: " +
			"request: user: user-agent: referer: upload-file: write-out: proxy: proxy-user: form: form-string: config: max-time: " +
			"connect-timeout: retry: retry-delay: retry-max-time: limit-rate: cacert: capath: cert: cert-type: key: key-type: pass: " +
			"resolve: connect-to: url: continue-at: range: time-cond: trace: trace-ascii: stderr: interface: max-filesize: " +
			"max-redirs: oauth2-bearer: unix-socket: netrc-file: variable: expand-url: aws-sigv4: " +
			"silent show-error location location-trusted fail fail-with-body insecure remote-name remote-name-all " +
			"remote-header-name compressed verbose include head create-dirs progress-bar no-progress-meter http1.0 http1.1 " +
			"http2 http3 ipv4 ipv6 globoff get no-buffer netrc no-keepalive tlsv1.2 tlsv1.3 ssl-reqd",
		writeOpt: []string{"-o", "--output", "-c", "--cookie-jar", "-D", "--dump-header", "--trace", "--trace-ascii", "--stderr"}},
	{name: "dd", role: roleKeyValue},
	{name: "install", short: "bcCdDg:m:o:pst:S:TvZ", long: "group: mode: owner: target-directory: suffix: strip-program: backup:: directory " +
		"compare preserve-timestamps strip no-target-directory verbose context::",
		role: roleSrcDst, effect: Write, srcKind: Read, targetOpt: []string{"-t", "--target-directory"},
		readOnly: []string{"-d", "--directory"}},
	{name: "ln", short: "bdfFiLnPrsS:t:Tv", long: "target-directory: suffix: backup:: symbolic force directory interactive logical " +
		"no-dereference physical relative no-target-directory verbose",
		role: roleSrcDst, effect: LinkOver, targetOpt: []string{"-t", "--target-directory"},
		needs: []string{"-s", "-f", "--symbolic", "--force"}},
	{name: "mv", short: "bfinS:t:TuvZ", long: "target-directory: suffix: backup:: force interactive no-clobber strip-trailing-slashes " +
		"no-target-directory update:: verbose context exchange no-copy",
		role: roleSrcDst, effect: Write, srcKind: Rename, targetOpt: []string{"-t", "--target-directory"}},
	{name: "rename", role: roleAfterTwo, effect: Rename},
	{name: "rm", short: "dfiIrRv", long: "recursive force interactive:: one-file-system no-preserve-root preserve-root:: dir verbose",
		role: roleAll, effect: Delete, recursive: []string{"-r", "-R", "--recursive"}},
	{name: "rmdir", role: roleAll, effect: Delete},
	// rsync writes its destination; --delete removes what the source
	// lacks, in the whole tree; HOST:PATH is on another host.
	{name: "rsync", short: "aAbcCdDEgHiIklLmnoOpPqrRsStuvWxXzB:e:f:M:T:", long: "rsh: filter: exclude: include: exclude-from: include-from: files-from: rsync-path: " +
		"backup-dir: suffix: chmod: chown: log-file: password-file: port: timeout: compare-dest: copy-dest: link-dest: " +
		"partial-dir: temp-dir: max-size: min-size: bwlimit: remote-option: recursive archive dry-run no-dry-run no-n list-only " +
		"delete delete-before delete-during delete-after delete-delay del delete-excluded delete-missing-args",
		role: roleSrcDst, effect: Write, srcKind: Read, recursive: []string{"-r", "-a", "--recursive", "--archive"},
		alsoDel: []string{"--delete", "--delete-before", "--delete-during", "--delete-after", "--delete-delay", "--del"}, alsoTree: true,
		remoteDst: true, readOnly: []string{"--list-only"}, dryRun: []string{"-n", "--dry-run", "!--no-dry-run", "!--no-n"},
		// -e CMD connects with CMD; --rsync-path runs on the other end.
		run: &wrap{special: specialCode, code: &codeSpec{kind: codeLines, permute: true, lineOpts: []string{"-e", "--rsh"},
			remote: []string{"--rsync-path"}}}},
	// setfacl changes the ACLs of its files, like chmod; --test only shows.
	{name: "setfacl", short: "m:M:x:X:bkndRLPvh", long: "modify: modify-file: remove: remove-file: set: set-file: remove-all remove-default " +
		"no-mask mask default recursive logical physical restore: test version help",
		role: roleAll, effect: Chmod, recursive: []string{"-R", "--recursive"}, dryRun: []string{"--test"}},
	// shred overwrites its files; -u also removes them.
	{name: "shred", short: "fn:s:uvxz", long: "iterations: size: random-source: remove:: force exact verbose zero",
		role: roleAll, effect: Write, alsoDel: []string{"-u", "--remove"}},
	// sponge [-a] FILE (moreutils): soaks up its input, then writes FILE.
	{name: "sponge", short: "a", role: roleAll, effect: Write, appendOpt: []string{"-a"}},
	{name: "tee", short: "aip", long: "append output-error:: ignore-interrupts", role: roleAll, effect: Write, appendOpt: []string{"-a", "--append"}},
	{name: "truncate", short: "s:r:", long: "size: reference: no-create io-blocks", role: roleAll, effect: Write},
	{name: "unlink", role: roleAll, effect: Delete},
	// wget [OPTIONS] URL…: -O/--output-document FILE is written with what
	// it fetches, -o/-a the log.
	{name: "wget", short: "VhbdqvnNcrkKmpSxHLEFt:T:w:Q:O:o:a:P:e:i:B:U:l:A:R:D:I:X:",
		long: "output-document: output-file: append-output: directory-prefix: execute: input-file: base: tries: timeout: " +
			"wait: quota: user-agent: header: user: password: http-user: http-password: post-data: post-file: body-data: " +
			"body-file: method: load-cookies: save-cookies: level: accept: reject: domains: include-directories: " +
			"exclude-directories: ca-certificate: certificate: private-key: referer: " +
			"quiet verbose no-verbose continue recursive mirror no-check-certificate no-clobber timestamping " +
			"server-response spider background show-progress no-parent convert-links page-requisites",
		writeOpt: []string{"-O", "--output-document", "-o", "--output-file", "-a", "--append-output"}},
}
