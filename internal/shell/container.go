package shell

import (
	"path"
	"strings"
)

// docker run [OPTIONS…] IMAGE [COMMAND [ARG…]] runs COMMAND in a new
// container. What it does to the container's own files is lost with the
// container; what it does under a path mounted from the host (-v
// /:/host, --mount type=bind,…, a named volume, a device, /dev and /sys
// with --privileged) it does to the host. So the command is analysed as
// an inner invocation, and each of its effects is carried to the host path
// it lands on, or dropped when it lands on none.

// mount is one host path seen inside a container.
type mount struct {
	host    string // absolute and clean; "" when not known
	hostDyn bool   // the host path could not be resolved statically
	ctr     string // where the container sees it: absolute and clean
	ro      bool   // mounted read-only: nothing written through it lands
}

// containerFS is what of the host a container sees.
type containerFS struct {
	mounts     []mount
	privileged bool // --privileged: the host's devices, /sys and the kernel's knobs
	hostPID    bool // --pid=host: the host's processes, init among them
}

// Host paths a privileged container sees as its own.
var privilegedPaths = []string{"/dev", "/sys", "/proc/sys", "/proc/sysrq-trigger"}

// imageEntrypoints are images whose entrypoint is a command belay knows,
// so that docker run IMAGE ARG… runs that command with ARG….
var imageEntrypoints = []struct{ image, cmd string }{
	{"alpine/helm", "helm"},
	{"amazon/aws-cli", "aws"},
	{"bitnami/kubectl", "kubectl"},
	{"hashicorp/terraform", "terraform"},
	{"rancher/kubectl", "kubectl"},
}

// volumeRoots are where each engine keeps its named volumes on the host.
var volumeRoots = []struct{ engine, root string }{
	{"docker", "/var/lib/docker/volumes/"},
	{"nerdctl", "/var/lib/nerdctl/volumes/"},
	{"podman", "/var/lib/containers/storage/volumes/"},
}

// wrapContainer records docker run itself (with the options before its
// image, which the rules on privileged and host mounts read) and the
// command the container runs, if any, with its effects carried to the host.
// label is how the wrapper chain names it ("docker run"); rest are the
// words after run.
func (a *analyzer) wrapContainer(c *command, argv []Arg, label string, rest []Arg, sc *scope, redir []Effect) bool {
	wa := readWrapper(c, rest)
	ops := wa.operands // the image, then the command
	end := len(argv) - len(ops)
	if len(ops) > 0 {
		end++
	}
	self := a.plain(argv[:end], sc, redir)
	engine := path.Base(argv[0].Value)
	if i := strings.IndexByte(label, ' '); i > 0 {
		engine = label[:i]
	}
	fs := &containerFS{}
	workdir, entrypoint := "", ""
	hasEntry := false
	for _, o := range wa.opts {
		switch o.name {
		case "-v", "--volume":
			if m, ok := volumeMount(o.value, engine, sc.cwd); ok {
				fs.mounts = append(fs.mounts, m)
			}
		case "--mount":
			if m, ok := bindMount(o.value, engine, sc.cwd); ok {
				fs.mounts = append(fs.mounts, m)
			}
		case "--device":
			if m, ok := deviceMount(o.value); ok {
				fs.mounts = append(fs.mounts, m)
			}
		case "--privileged":
			fs.privileged = o.value == "" || o.value == "true"
		case "--pid":
			fs.hostPID = o.value == "host"
		case "-w", "--workdir":
			workdir = o.value
		case "--entrypoint":
			entrypoint, hasEntry = o.value, true
		}
	}
	if fs.privileged {
		for _, p := range privilegedPaths {
			fs.mounts = append(fs.mounts, mount{host: p, ctr: p})
		}
	}
	var inner []Arg
	switch {
	case len(ops) == 0:
	case hasEntry && entrypoint != "":
		inner = append([]Arg{{Value: entrypoint}}, ops[1:]...)
	case len(ops) == 1 || hasEntry:
	case imageTool(ops[0].Value) != "":
		// The image's entrypoint is a tool, and the words are its
		// arguments: docker run bitnami/kubectl delete ns prod.
		inner = append([]Arg{{Value: imageTool(ops[0].Value)}}, ops[1:]...)
	case !ops[1].Dynamic && !strings.HasPrefix(ops[1].Value, "-"):
		inner = ops[1:]
	}
	if len(inner) == 0 {
		return true // the image's own command: nothing known runs
	}
	in := within(sc, label)
	in.clearVars() // the container's environment is not ours
	in.cwd = "/"
	if strings.HasPrefix(workdir, "/") {
		in.cwd = path.Clean(workdir)
	}
	if host := daemonHost(self); host != "" {
		in.remote = host
	}
	in.fs = fs
	a.invoke(inner, in, nil, "")
	return true
}

// daemonHost returns the daemon a docker or podman command talks to when
// it is not the local one: -H HOST, --context NAME, --url, --connection.
func daemonHost(inv *Invocation) string {
	for _, o := range inv.Options {
		switch o.Name {
		case "-H", "--host", "--url", "--address", "-a":
			if o.Value != "" && !strings.HasPrefix(o.Value, "unix://") && !strings.HasPrefix(o.Value, "/") {
				return o.Value
			}
		case "-c", "--context", "--connection":
			if o.Value != "" && o.Value != "default" {
				return o.Value
			}
		}
	}
	return ""
}

// imageTool returns the command an image runs as its entrypoint, when
// imageEntrypoints knows it: registry, tag and digest aside.
func imageTool(image string) string {
	name, _, _ := strings.Cut(image, "@")
	if i := strings.LastIndexByte(name, ':'); i > strings.LastIndexByte(name, '/') {
		name = name[:i]
	}
	for _, e := range imageEntrypoints {
		if name == e.image || strings.HasSuffix(name, "/"+e.image) {
			return e.cmd
		}
	}
	return ""
}

// volumeMount reads -v SOURCE:TARGET[:OPTIONS]. A source that is a path is
// a bind mount; a name is a named volume under the engine's volume root;
// a lone TARGET is an anonymous volume, which holds nothing of the host.
func volumeMount(spec, engine, cwd string) (mount, bool) {
	parts := strings.Split(spec, ":")
	if len(parts) < 2 || !strings.HasPrefix(parts[1], "/") {
		return mount{}, false
	}
	m := mount{ctr: path.Clean(parts[1])}
	if len(parts) > 2 {
		for _, o := range strings.Split(parts[2], ",") {
			if o == "ro" || o == "readonly" {
				m.ro = true
			}
		}
	}
	m.host, m.hostDyn = mountSource(parts[0], false, engine, cwd)
	return m, true
}

// bindMount reads --mount type=bind,source=/,target=/host[,readonly].
func bindMount(spec, engine, cwd string) (mount, bool) {
	kind, src, dst := "volume", "", ""
	var m mount
	for _, kv := range strings.Split(spec, ",") {
		k, v, hasV := strings.Cut(kv, "=")
		switch strings.ToLower(k) {
		case "type":
			kind = v
		case "source", "src":
			src = v
		case "target", "dst", "destination":
			dst = v
		case "readonly", "ro":
			m.ro = !hasV || v == "true" || v == "1"
		}
	}
	if !strings.HasPrefix(dst, "/") || (kind != "bind" && kind != "volume") || src == "" && kind == "volume" {
		return mount{}, false
	}
	m.ctr = path.Clean(dst)
	m.host, m.hostDyn = mountSource(src, kind == "bind", engine, cwd)
	return m, true
}

// mountSource resolves a mount's source on the host: a path (relative to
// the working directory), or a volume name.
func mountSource(src string, bind bool, engine, cwd string) (string, bool) {
	switch {
	case src == "":
		return "", true // a word that expanded to nothing known
	case strings.HasPrefix(src, "/"):
		return path.Clean(src), false
	case bind || strings.HasPrefix(src, ".") || strings.HasPrefix(src, "~"):
		if cwd == "" || strings.HasPrefix(src, "~") {
			return "", true
		}
		return path.Join(cwd, src), false
	}
	for _, r := range volumeRoots {
		if r.engine == engine {
			return r.root + src + "/_data", engine == "nerdctl" // nerdctl's has its namespace's hash in it
		}
	}
	return "", true
}

// deviceMount reads --device HOST[:CONTAINER[:PERMISSIONS]].
func deviceMount(spec string) (mount, bool) {
	parts := strings.Split(spec, ":")
	if !strings.HasPrefix(parts[0], "/") {
		return mount{}, false
	}
	m := mount{host: path.Clean(parts[0]), ctr: path.Clean(parts[0])}
	if len(parts) > 1 && strings.HasPrefix(parts[1], "/") {
		m.ctr = path.Clean(parts[1])
	}
	if len(parts) > 2 && !strings.Contains(parts[2], "w") {
		m.ro = true
	}
	return m, true
}

// changes reports whether an effect of this kind changes what it is on.
func changes(k EffectKind) bool {
	switch k {
	case Read, Exec:
		return false
	}
	return true
}

// writable reports whether anything the container writes could land on
// the host.
func (fs *containerFS) writable() bool {
	for _, m := range fs.mounts {
		if !m.ro {
			return true
		}
	}
	return false
}

// mapEffects carries the effects of a command run in the container to the
// host: an effect below a mount lands below its host path; a recursive one
// above a mount (rm -rf / with -v /data:/data), or a glob that can reach
// it, takes the whole mount; one that lands on no mount stays in the
// container and is dropped. A fork bomb exhausts the host's processes from
// any container; power reaches the host only from a privileged one that
// shares its processes.
func (fs *containerFS) mapEffects(effects []Effect) []Effect {
	var out []Effect
	for _, e := range effects {
		switch {
		case e.Kind == ForkBomb:
			out = append(out, e)
		case e.Kind == Power:
			if fs.privileged && fs.hostPID {
				out = append(out, e)
			}
		case e.Path == "":
			if fs.writable() || !changes(e.Kind) {
				out = append(out, e)
			}
		default:
			out = fs.mapPath(e, out)
		}
	}
	return out
}

func (fs *containerFS) mapPath(e Effect, out []Effect) []Effect {
	best := -1 // for a literal path, the innermost mount it is below
	for i, m := range fs.mounts {
		if m.ro && changes(e.Kind) {
			continue
		}
		rel, below, above := relate(e.Path, m.ctr, e.Glob)
		switch {
		case below && e.Glob:
			out = append(out, onHost(e, m, rel))
		case below:
			if best < 0 || len(m.ctr) > len(fs.mounts[best].ctr) {
				best = i
			}
		case above && e.Recursive:
			// rm -rf / (or /*) reaches the whole of a mount below it.
			h := onHost(e, m, "")
			h.Dynamic = h.Dynamic || e.Glob
			out = append(out, h)
		}
	}
	if best >= 0 {
		rel, _, _ := relate(e.Path, fs.mounts[best].ctr, false)
		out = append(out, onHost(e, fs.mounts[best], rel))
	}
	return out
}

// onHost is effect e carried through mount m, rel below its mount point.
func onHost(e Effect, m mount, rel string) Effect {
	h := e
	h.Dynamic = e.Dynamic || m.hostDyn
	h.Glob = e.Glob && strings.ContainsAny(rel, "*?[")
	switch {
	case m.host == "":
		h.Path = ""
	case rel == "":
		h.Path = m.host
	default:
		h.Path = path.Join(m.host, rel)
	}
	return h
}

// relate says how path p (a glob pattern when glob is set) stands to the
// literal directory d: p is d or below it (rel is the rest of p below d),
// or p is above d, an ancestor it could be.
func relate(p, d string, glob bool) (rel string, below, above bool) {
	pc, dc := components(p), components(d)
	n := min(len(pc), len(dc))
	for i := range n {
		if pc[i] == dc[i] {
			continue
		}
		if !glob {
			return "", false, false
		}
		if ok, err := path.Match(pc[i], dc[i]); err != nil || !ok {
			return "", false, false
		}
	}
	if len(pc) >= len(dc) {
		return strings.Join(pc[len(dc):], "/"), true, false
	}
	return "", false, true
}

// components splits an absolute clean path into its names: "/" has none.
func components(p string) []string {
	p = strings.Trim(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}
