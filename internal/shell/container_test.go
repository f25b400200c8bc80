package shell

import (
	"fmt"
	"testing"
)

// TestContainerRun checks that a command run by docker run is seen, and
// that its effects land on the host paths mounted into the container, or
// nowhere.
func TestContainerRun(t *testing.T) {
	tests := []struct {
		line, want string
	}{
		// Bind mounts of the host's root, in each spelling.
		{`docker run --rm -v /:/host alpine rm -rf /host/etc`, `docker sub=run; [docker run]rm delete:/etc+R`},
		{`docker run --rm --volume=/:/host alpine rm -rf /host/etc`, `docker sub=run; [docker run]rm delete:/etc+R`},
		{`docker run --rm --mount type=bind,source=/,target=/host busybox rm -rf /host/boot`, `docker sub=run; [docker run]rm delete:/boot+R`},
		{`docker run --rm --mount type=bind,src=/srv,dst=/s,readonly alpine rm -rf /s/x`, `docker sub=run; [docker run]rm`},
		{`podman run --rm -v /:/host:Z fedora rm -rf /host/home`, `podman sub=run; [podman run]rm delete:/home+R`},
		{`docker container run --rm -v /:/h alpine rm -rf /h/srv`, `docker sub=container/run; [docker container run]rm delete:/srv+R`},
		{`sudo docker run -v /:/host alpine rm -rf /host/etc`, `[sudo]docker sub=run; [sudo>docker run]rm delete:/etc+R`},
		// Read-only mounts carry nothing written; reads still land.
		{`docker run --rm -v /:/host:ro alpine rm -rf /host/etc`, `docker sub=run; [docker run]rm`},
		{`docker run --rm -v /:/host:ro,rslave alpine cat /host/etc/shadow`, `docker sub=run; [docker run]cat`},
		// What lands on no mount stays in the container.
		{`docker run --rm alpine rm -rf /`, `docker sub=run; [docker run]rm`},
		{`docker run --rm -v /srv/app:/app alpine rm -rf /tmp/x`, `docker sub=run; [docker run]rm`},
		// A recursive effect above a mount, or a glob that can reach it,
		// takes the whole mount.
		{`docker run --rm -v /:/host alpine rm -rf /*`, `docker sub=run; [docker run]rm delete:/+R`},
		{`docker run --rm -v /data:/data alpine rm -rf /`, `docker sub=run; [docker run]rm delete:/data+R`},
		{`docker run --rm -v /:/mnt ubuntu bash -c 'rm -rf /mnt/*'`, `docker sub=run; [docker run>bash -c]rm delete:/*+R+G`},
		// The innermost mount wins.
		{`docker run -v /srv:/s -v /var/lib/db:/s/db alpine rm -rf /s/db/x`, `docker sub=run; [docker run]rm delete:/var/lib/db/x+R`},
		// Working directory, relative paths, named volumes, the
		// working directory on the host.
		{`docker run --rm -w /host/etc -v /:/host alpine rm -rf ssh`, `docker sub=run; [docker run]rm delete:/etc/ssh+R`},
		{`docker run --rm -v pgdata:/data alpine rm -rf /data/x`, `docker sub=run; [docker run]rm delete:/var/lib/docker/volumes/pgdata/_data/x+R`},
		{`podman run --rm -v pgdata:/data alpine rm -rf /data/x`, `podman sub=run; [podman run]rm delete:/var/lib/containers/storage/volumes/pgdata/_data/x+R`},
		{`docker run --rm -v ./out:/out alpine rm -rf /out/x`, `docker sub=run; [docker run]rm delete:/home/u/out/x+R`},
		{`docker run --rm -v "$(pwd)":/app -w /app node rm -rf node_modules`, `pwd; docker sub=run; [docker run]rm delete:/home/u/node_modules+R`},
		{`docker run --rm -v "$D":/app alpine rm -rf /app/x`, `docker sub=run; [docker run]rm delete:+R+D`},
		// --entrypoint, images whose entrypoint is a tool, arguments to an
		// unknown entrypoint.
		{`docker run --rm --entrypoint rm -v /:/host alpine -rf /host/usr`, `docker sub=run; [docker run]rm delete:/usr+R`},
		{`docker run --rm bitnami/kubectl:1.30 delete ns prod`, `docker sub=run; [docker run]kubectl sub=delete`},
		{`docker run --rm --privileged multiarch/qemu-user-static --reset -p yes`, `docker sub=run`},
		{`docker run -d nginx`, `docker sub=run`},
		// Privileged: the host's devices and kernel knobs; power only with
		// the host's processes.
		{`docker run --rm --privileged ubuntu dd if=/dev/zero of=/dev/sda`, `docker sub=run; [docker run]dd read:/dev/zero write:/dev/sda`},
		{`docker run --rm ubuntu dd if=/dev/zero of=/dev/sda`, `docker sub=run; [docker run]dd`},
		{`docker run --rm --device /dev/sdb ubuntu mkfs.ext4 /dev/sdb`, `docker sub=run; [docker run]mkfs.ext4 format:/dev/sdb`},
		{`docker run --rm --privileged alpine sh -c 'echo b > /proc/sysrq-trigger'`, `docker sub=run; [docker run>sh -c]echo write:/proc/sysrq-trigger power:`},
		{`docker run --rm alpine sh -c 'echo b > /proc/sysrq-trigger'`, `docker sub=run; [docker run>sh -c]echo`},
		{`docker run --rm --privileged --pid=host alpine reboot`, `docker sub=run; [docker run]reboot power:`},
		{`docker run --rm alpine reboot`, `docker sub=run; [docker run]reboot`},
		// Another daemon's host.
		{`docker -H ssh://prod-1 run --rm -v /:/host alpine rm -rf /host/etc`, `docker sub=run; [docker run]rm@ssh://prod-1 delete:/etc+R`},
		// The container's environment is not the shell's.
		{`X=/etc docker run -v /:/host alpine sh -c 'rm -rf /host$X'`, `docker sub=run; [docker run>sh -c]rm delete:/+R+D`},
		// docker cp writes the local destination.
		{`docker cp web:/etc/passwd /etc/passwd`, `docker read:/home/u/web:/etc/passwd write:/etc/passwd sub=cp`},
		{`docker cp ./nginx.conf web:/etc/nginx/nginx.conf`, `docker sub=cp`},
	}
	for _, tt := range tests {
		got := ksummary(Analyze(tt.line, testOpts))
		if got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}

// TestContainerRunSelf checks that docker run is recorded with its options
// and no word of the command it runs.
func TestContainerRunSelf(t *testing.T) {
	a := Analyze(`docker run --rm -v /:/host --privileged alpine ls -v /x:/y --privileged`, testOpts)
	if len(a.Invocations) != 2 {
		t.Fatalf("%d invocations", len(a.Invocations))
	}
	self := a.Invocations[0]
	if got := fmt.Sprint(self.Operands); got != "[run alpine]" {
		t.Errorf("operands %s", got)
	}
	var opts []string
	for _, o := range self.Options {
		opts = append(opts, o.Name+"="+o.Value)
	}
	if got := fmt.Sprint(opts); got != "[--rm= -v=/:/host --privileged=]" {
		t.Errorf("options %s", got)
	}
	if self.Text != "docker run --rm -v /:/host --privileged alpine" {
		t.Errorf("text %q", self.Text)
	}
}

func TestRelate(t *testing.T) {
	tests := []struct {
		p, d       string
		glob       bool
		rel        string
		below, abv bool
	}{
		{"/host/etc", "/host", false, "etc", true, false},
		{"/host", "/host", false, "", true, false},
		{"/", "/host", false, "", false, true},
		{"/hostx", "/host", false, "", false, false},
		{"/anything", "/", false, "anything", true, false},
		{"/*", "/host", true, "", true, false},
		{"/h*/etc", "/host", true, "etc", true, false},
		{"/[", "/host", true, "", false, false},
	}
	for _, tt := range tests {
		rel, below, above := relate(tt.p, tt.d, tt.glob)
		if rel != tt.rel || below != tt.below || above != tt.abv {
			t.Errorf("relate(%q, %q, %v) = %q %v %v", tt.p, tt.d, tt.glob, rel, below, above)
		}
	}
}

// TestPwdSubst checks that $(pwd) is the working directory when it is
// known, and dynamic otherwise.
func TestPwdSubst(t *testing.T) {
	tests := []struct {
		line, want string
		cwd        string
	}{
		{`rm -rf $(pwd)/dist`, `pwd; rm delete:/home/u/dist+R`, "/home/u"},
		{"rm -rf `pwd -P`/dist", `pwd; rm delete:/home/u/dist+R`, "/home/u"},
		{`cd /etc && rm -rf "$(pwd)"`, `cd; pwd; rm delete:/etc+R`, "/home/u"},
		{`rm -rf $(pwd)/dist`, `pwd; rm delete:/dist+R+D`, ""},
		{`rm -rf $(pwd > /tmp/x)/dist`, `pwd write:/tmp/x; rm delete:/dist+R+D`, "/home/u"},
		{`rm -rf $(pwd; echo /)/dist`, `pwd; echo; rm delete:/dist+R+D`, "/home/u"},
		{`rm -rf $(pwd x)/dist`, `pwd; rm delete:/dist+R+D`, "/home/u"},
	}
	for _, tt := range tests {
		opt := testOpts
		opt.Cwd = tt.cwd
		if got := summary(Analyze(tt.line, opt)); got != tt.want {
			t.Errorf("Analyze(%q) in %q\n got: %s\nwant: %s", tt.line, tt.cwd, got, tt.want)
		}
	}
}
