package shell

import (
	"encoding/json"
	"fmt"
	"path"
	"strings"
)

// Ansible's ad-hoc modules. ansible PATTERN -m MODULE -a 'key=value …'
// runs MODULE on every host the pattern names; the command, shell and raw
// modules run -a as a line (the table entry's lineOpts), and the modules
// that delete, stop, remove or reboot are read as the command that does
// the same on the host: file state=absent path=X is rm -rf X, service
// state=stopped name=sshd is systemctl stop sshd, apt state=absent
// name=openssh-server is apt-get remove openssh-server. The existing rules
// judge that command, run remotely. Other modules run nothing belay knows
// (reboot has a rule of its own, infra.ansible-reboot).

// wrapAnsible reads an ad-hoc module as the command line it amounts to,
// and the rest as the table entry says.
func (a *analyzer) wrapAnsible(c *command, argv []Arg, sc *scope, redir []Effect) bool {
	wa := readWrapper(c, argv[1:])
	module, _ := optValue(wa.opts, []string{"-m", "--module-name"})
	var args *option
	for j := range wa.opts {
		if o := &wa.opts[j]; (o.name == "-a" || o.name == "--args") && o.hasValue {
			args = o // the last one counts
		}
	}
	line, ok := "", false
	if args != nil && !args.valDyn && lineModule(moduleName(module)) {
		// -a '{"cmd": "…"}': the line in JSON.
		if kv, isJSON := moduleJSON(args.value); isJSON {
			for _, k := range []string{"cmd", "_raw_params", "free_form"} {
				if v := kv[k]; v != "" {
					in := within(sc, path.Base(argv[0].Value)+" -a")
					runsOn(in, remoteHost(c.run, wa))
					a.readCode(argv, []Arg{{Value: v, Raw: args.valRaw}}, Bash, sc, in)
					a.redirection(redir, sc)
					return true
				}
			}
		}
	}
	switch {
	case args == nil:
		line, ok = ansibleLine(moduleName(module), "")
	case !args.valDyn:
		line, ok = ansibleLine(moduleName(module), args.value)
	}
	switch {
	case !ok && lineModule(moduleName(module)), !ok && args != nil && args.valDyn, hasOpt(wa.opts, c.run.stops):
		return a.wrapGeneric(c, argv, sc, redir)
	case !ok:
		// key=value arguments that run nothing known: ansible itself,
		// for the rules on its modules (-m reboot -a reboot_timeout=600).
		return false
	}
	// As wrapGeneric runs -a's line: the line the module amounts to, on
	// every host the pattern names, the ansible command recorded as typed.
	raw := ""
	if args != nil {
		raw = args.valRaw
	}
	in := within(sc, path.Base(argv[0].Value)+" -a")
	runsOn(in, remoteHost(c.run, wa))
	a.readCode(argv, []Arg{{Value: line, Raw: raw}}, Bash, sc, in)
	a.redirection(redir, sc)
	return true
}

// lineModule reports whether a module runs its -a as a command line
// (command is the default). A switch, not a map: nothing built at every
// start.
func lineModule(name string) bool {
	switch name {
	case "", "command", "shell", "raw", "script", "expect", "win_command", "win_shell":
		return true
	}
	return false
}

// moduleName is a module's short name: ansible.builtin.file is file.
func moduleName(m string) string {
	return m[strings.LastIndexByte(m, '.')+1:]
}

// maxModuleArgs bounds the key=value words of a module's arguments read.
const maxModuleArgs = 64

// ansibleLine is the command line an ad-hoc module's arguments amount to
// on the host, when the module is one that destroys, stops or removes.
func ansibleLine(module, args string) (string, bool) {
	kv, isJSON := moduleJSON(args)
	if !isJSON {
		words := xargsWords(args)
		if len(words) > maxModuleArgs {
			words = words[:maxModuleArgs]
		}
		for _, w := range words {
			if k, v, ok := strings.Cut(w, "="); ok {
				kv[k] = v
			}
		}
	}
	get := func(keys ...string) string {
		for _, k := range keys {
			if v, ok := kv[k]; ok {
				return v
			}
		}
		return ""
	}
	yes := func(k string) bool {
		switch strings.ToLower(kv[k]) {
		case "yes", "true", "1", "on", "y":
			return true
		}
		return false
	}
	state := strings.ToLower(get("state"))
	q := func(s ...string) string {
		for i := range s {
			s[i] = Quote(s[i])
		}
		return strings.Join(s, " ")
	}
	switch module {
	case "file":
		p := get("path", "dest", "name")
		if p == "" {
			return "", false
		}
		r := ""
		if yes("recurse") {
			r = "-R "
		}
		var cmds []string
		if state == "absent" {
			cmds = append(cmds, "rm -rf "+q(p))
		}
		if m := get("mode"); m != "" {
			cmds = append(cmds, "chmod "+r+q(m, p))
		}
		if o := get("owner"); o != "" {
			cmds = append(cmds, "chown "+r+q(o, p))
		}
		return strings.Join(cmds, "; "), len(cmds) > 0
	case "copy", "template":
		if d, src := get("dest"), get("src"); d != "" && src != "" {
			return "cp -f " + q(src, d), true
		} else if d != "" {
			return "tee " + q(d) + " </dev/null", true
		}
	case "user":
		n := get("name", "user")
		switch {
		case n == "":
		case state == "absent" && (yes("remove") || yes("force")):
			return "userdel -r " + q(n), true
		case state == "absent":
			return "userdel " + q(n), true
		case yes("password_lock"):
			return "passwd -l " + q(n), true
		case get("shell") != "":
			return "usermod -s " + q(get("shell"), n), true
		}
	case "group":
		if n := get("name"); n != "" && state == "absent" {
			return "groupdel " + q(n), true
		}
	case "service", "systemd", "systemd_service", "sysvinit":
		n := get("name", "service", "unit")
		verb := map[string]string{"stopped": "stop", "restarted": "restart", "reloaded": "reload"}[state]
		var cmds []string
		if n != "" && verb != "" {
			cmds = append(cmds, "systemctl "+verb+" "+q(n))
		}
		if n != "" && kv["enabled"] != "" && !yes("enabled") {
			cmds = append(cmds, "systemctl disable "+q(n))
		}
		if n != "" && yes("masked") {
			cmds = append(cmds, "systemctl mask "+q(n))
		}
		return strings.Join(cmds, "; "), len(cmds) > 0
	case "package", "apt", "yum", "dnf", "zypper", "pacman", "apk", "pkgng", "portage":
		names := get("name", "pkg", "package")
		if state != "absent" && state != "removed" || names == "" {
			if module == "apt" && yes("autoremove") {
				return "apt-get autoremove -y", true
			}
			return "", false
		}
		pkgs := strings.Split(strings.Trim(names, "[]"), ",")
		for i := range pkgs {
			pkgs[i] = strings.Trim(strings.TrimSpace(pkgs[i]), `'"`)
		}
		tool := map[string]string{"yum": "yum remove -y", "dnf": "dnf remove -y", "zypper": "zypper remove -y",
			"pacman": "pacman -R --noconfirm", "apk": "apk del", "pkgng": "pkg delete -y", "portage": "emerge --unmerge"}[module]
		if tool == "" {
			tool = "apt-get remove -y"
			if yes("purge") {
				tool = "apt-get purge -y"
			}
		}
		return tool + " " + q(pkgs...), true
	case "mount":
		p := get("path", "name")
		if p != "" && (state == "unmounted" || state == "absent") {
			return "umount " + q(p), true
		}
	case "lvol":
		vg, lv := get("vg"), get("lv")
		if vg != "" && lv != "" && state == "absent" {
			return "lvremove -f " + q(vg+"/"+lv), true
		}
	case "lvg":
		if vg := get("vg"); vg != "" && state == "absent" {
			return "vgremove -f " + q(vg), true
		}
	case "filesystem":
		dev, fs := get("dev"), get("fstype", "type")
		if dev != "" && state == "absent" {
			return "wipefs -a " + q(dev), true
		}
		if dev != "" && fs != "" && yes("force") {
			return "mkfs -t " + q(fs, dev), true
		}
	case "parted":
		if dev, n := get("device"), get("number"); dev != "" && n != "" && state == "absent" {
			return "parted -s " + q(dev, "rm", n), true
		}
	case "zfs":
		if n := get("name"); n != "" && state == "absent" {
			return "zfs destroy -r " + q(n), true
		}
	case "iptables":
		table := ""
		if t := get("table"); t != "" {
			table = "-t " + q(t) + " "
		}
		switch {
		case yes("flush"):
			return "iptables " + table + "-F " + q(get("chain")), true
		case get("policy") != "" && get("chain") != "":
			return "iptables " + table + "-P " + q(get("chain"), get("policy")), true
		}
	case "ufw":
		switch {
		case state == "reset":
			return "ufw --force reset", true
		case state == "disabled":
			return "ufw disable", true
		case get("policy") != "" && (state == "enabled" || get("direction") == "incoming"):
			return "ufw default " + q(get("policy")) + "; ufw --force enable", true
		}
	case "authorized_key":
		u := get("user")
		if u == "" || state != "absent" && !yes("exclusive") {
			return "", false
		}
		home := "/home/" + u
		if u == "root" {
			home = "/root"
		}
		return "tee " + q(home+"/.ssh/authorized_keys") + " </dev/null", true
	case "mysql_db":
		if n := get("name", "db"); n != "" && state == "absent" {
			return "mysqladmin -f drop " + q(n), true
		}
	case "postgresql_db":
		if n := get("name", "db"); n != "" && state == "absent" {
			return "dropdb " + q(n), true
		}
	case "docker_container":
		if n := get("name"); n != "" && state == "absent" {
			return "docker rm -f " + q(n), true
		}
	case "docker_prune":
		if yes("volumes") {
			return "docker volume prune -f", true
		}
	case "cron":
		if n := get("user"); state == "absent" && get("name") == "" && get("job") == "" && n != "" {
			return "crontab -r -u " + q(n), true
		}
	}
	return "", false
}

// moduleJSON reads a module's arguments given as a JSON object (-a
// '{"path": "/etc", "state": "absent"}'), as Ansible does when they start
// with "{": each value as the key=value form would spell it, a list as
// its items joined with commas. isJSON is false for any other text, and
// kv is then empty, to be filled from key=value words.
func moduleJSON(args string) (kv map[string]string, isJSON bool) {
	kv = map[string]string{}
	t := strings.TrimSpace(args)
	if !strings.HasPrefix(t, "{") || len(t) > maxModuleJSON {
		return kv, false
	}
	var m map[string]any
	if json.Unmarshal([]byte(t), &m) != nil {
		return kv, false
	}
	for k, v := range m {
		if len(kv) == maxModuleArgs {
			break
		}
		kv[k] = jsonWord(v)
	}
	return kv, true
}

// maxModuleJSON bounds the bytes of JSON arguments read.
const maxModuleJSON = 64 << 10

// jsonWord spells a JSON value as a key=value argument would: a string
// as it is, true and false, a number, a list's items joined with commas.
func jsonWord(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case bool:
		return fmt.Sprint(v)
	case float64:
		return fmt.Sprint(v)
	case []any:
		parts := make([]string, 0, min(len(v), maxModuleArgs))
		for _, x := range v[:min(len(v), maxModuleArgs)] {
			if s, ok := x.(string); ok {
				parts = append(parts, s)
			} else if _, nested := x.(map[string]any); !nested {
				parts = append(parts, fmt.Sprint(x))
			}
		}
		return strings.Join(parts, ",")
	}
	return ""
}
