package shell

import "testing"

// TestEdScript checks what ed's script on stdin runs and writes.
func TestEdScript(t *testing.T) {
	tests := []struct{ line, want string }{
		{"ed -s ~/.bashrc <<< $'$a\\nreboot\\n.\\nw\\nq'", `ed edit:/home/u/.bashrc; later:reboot power:`},
		{`printf '%s\n' '$a' 'rm -rf /x' . w q | ed -s ~/.bashrc`, `printf; ed edit:/home/u/.bashrc; later:rm delete:/x+R`},
		{"ed -s ~/.profile <<< $',s/x/reboot/\\nw'", `ed edit:/home/u/.profile; later:reboot power:`},
		{"ed -s ~/.profile <<< $'1i\\nreboot\\n.\\nw'", `ed edit:/home/u/.profile; later:reboot power:`},
		{"ed -s ~/.profile <<< $'g/x/s//reboot/\\nw'", `ed edit:/home/u/.profile; later:reboot power:`},
		{`ed <<< '!rm -rf /x'`, `ed; [ed !]rm delete:/x+R`},
		{"ed -s f <<< $'r !reboot\\nw'", `ed edit:/home/u/f; [ed !]reboot power:`},
		{"ed -s f <<< $'w !sh'", `ed; [ed !]sh`},
		{`ed -r <<< '!reboot'`, `ed`},
		{"ed -s /etc/x <<< $'1d\\nw /etc/y'", `ed edit:/etc/x write:/etc/y`},
		// Ordinary.
		{"ed -s notes.txt <<< $'$a\\nreboot\\n.\\nw\\nq'", `ed edit:/home/u/notes.txt`},
		{"ed -s ~/.bashrc <<< $',s/x/y/\\nw'", `ed edit:/home/u/.bashrc; later:y`},
		{`echo ',p' | ed -s /etc/passwd`, `echo; ed`},
		{`ed file.txt`, `ed`},
		{`ed -s f < script.ed`, `ed`},
	}
	for _, tt := range tests {
		if got := laterSummary(Analyze(tt.line, testOpts)); got != tt.want {
			t.Errorf("Analyze(%q)\n got: %s\nwant: %s", tt.line, got, tt.want)
		}
	}
}
