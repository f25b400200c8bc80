package facts

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// xmlLibvirt is how belay read it with encoding/xml, the reference parseLibvirtXML is checked against: it reads a libvirt domain (or domstatus) XML: the domain
// <name>, the pid attribute of <domstatus>, and the file or device of every
// <source> inside a <disk>. On malformed XML it returns what it read and an
// error naming the line.
func xmlLibvirt(data []byte) (libvirtDomain, error) {
	var d libvirtDomain
	dec := xml.NewDecoder(strings.NewReader(string(data)))
	dec.Strict = true
	var stack []string
	inDisk := 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			line, _ := dec.InputPos()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				line = se.Line
			}
			return d, fmt.Errorf("line %d: %v", line, errors.Unwrap(err))
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if len(stack) > 256 {
				return d, errors.New("XML nested too deeply")
			}
			switch t.Name.Local {
			case "domstatus":
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "pid":
						d.PID, _ = strconv.Atoi(a.Value)
					case "state":
						d.State = a.Value
					}
				}
			case "disk":
				inDisk++
			case "source":
				if inDisk > 0 {
					for _, a := range t.Attr {
						if (a.Name.Local == "file" || a.Name.Local == "dev") && path.IsAbs(a.Value) {
							d.Disks = append(d.Disks, path.Clean(a.Value))
						}
					}
				}
			}
		case xml.EndElement:
			if len(stack) > 0 {
				if stack[len(stack)-1] == "disk" {
					inDisk--
				}
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) >= 2 && stack[len(stack)-1] == "name" && stack[len(stack)-2] == "domain" && d.Name == "" {
				d.Name = strings.TrimSpace(string(t))
			}
		}
	}
	return d, nil
}

// libvirtSeeds are status XML as libvirt writes it, and XML's corners.
var libvirtSeeds = []string{
	"<domstatus pid='42'><domain><name>web</name><devices><disk><source file='/a'/></disk></devices></domain></domstatus>",
	"<domain><name>x</nam></domain><!DOCTYPE x [<!ENTITY a 'b'>]>&a;",
	`<?xml version="1.0" encoding="UTF-8"?>
<!-- WARNING: THIS IS AN AUTO-GENERATED FILE. -->
<domstatus state='running' reason='booted' pid='1234'>
  <taint flag='high-privileges'/>
  <monitor path='/var/lib/libvirt/qemu/domain-1-web/monitor.sock' type='unix'/>
  <domain type='kvm' id='1' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'>
    <name>web &amp; db</name>
    <uuid>8b0a1d2c-0000-4000-8000-000000000001</uuid>
    <devices>
      <disk type='file' device='disk'>
        <driver name='qemu' type='qcow2'/>
        <source file='/var/lib/libvirt/images/web.qcow2' index='2'/>
        <backingStore type='file' index='3'>
          <format type='qcow2'/>
          <source file="/var/lib/libvirt/images/base&#x2d;image.qcow2"/>
          <backingStore/>
        </backingStore>
        <target dev='vda' bus='virtio'/>
      </disk>
      <disk type='block' device='disk'><source dev='/dev/vg0/web-data'/></disk>
      <disk type='network'><source protocol='rbd' name='pool/img'><host name='mon1'/></source></disk>
    </devices>
    <qemu:commandline><qemu:arg value='-snapshot'/></qemu:commandline>
  </domain>
</domstatus>
`,
	"<domain><name><![CDATA[ cdata-name ]]></name></domain>",
	"<domain><name>a<!-- c -->b</name></domain>",
	"<domain><name>a<?pi x?>b</name><disk><x:source x:file='/ns'/></disk></domain>",
	"<a:b:c/>", "<domain><name>\r\nx\r\n</name></domain>", "<d a='1' a='2'/>", "<domstatus pid='1' pid='2'/>",
	"<?xml version='1.1'?><a/>", "<?xml version='1.0' encoding='latin1'?><a/>", "<?xml encoding = \"utf-8\" ?><a/>",
	"<a b=c/>", "<a b/>", "<a b='<'/>", "<a>]]></a>", "<a>&#0;</a>", "<a>&#x41;&#65;&lt;</a>", "<a>&#xZ;</a>", "<a>&unknown;</a>",
	"</a>", "<a></b>", "<a", "<a b='1", "<!-- x -- y -->", "<!--->", "<![CDATA[x", "<!DOCTYPE a [ <!ELEMENT a ANY> ]><a/>",
	"<1a/>", "<-a/>", "<é/>", "<a é='1'/>", "<a\tb='1'\n/>", "<a b='1'c='2'/>", "<a></a >", "<a></ a>", "text only", "",
	"<domain><disk><source file='relative'/><source file='/x/../y'/></disk></domain>",
	"<domain><name>first</name><name>second</name></domain>", "<domain><x><name>nested</name></x></domain>",
	"<disk><disk/><source file='/after-empty-disk'/></disk>", "<source file='/outside'/>",
}

// TestParseLibvirtXMLMatchesEncodingXML: on XML encoding/xml reads, the
// reader of our own reads the same name, pid, state and disks, and no
// error; on XML encoding/xml refuses, at least the disks it found first.
func TestParseLibvirtXMLMatchesEncodingXML(t *testing.T) {
	for _, s := range libvirtSeeds {
		checkLibvirtXML(t, []byte(s))
	}
}

func checkLibvirtXML(t *testing.T, data []byte) {
	t.Helper()
	want, werr := xmlLibvirt(data)
	got, err := parseLibvirtXML(data)
	for _, p := range got.Disks {
		if !path.IsAbs(p) {
			t.Fatalf("relative disk %q", p)
		}
	}
	if werr != nil {
		// XML encoding/xml refuses: parseLibvirtXML may read it (it
		// checks names less), but finds every disk encoding/xml found
		// before it stopped.
		for _, p := range want.Disks {
			if !slices.Contains(got.Disks, p) {
				t.Errorf("%q: encoding/xml found disk %s before its error (%v), parseLibvirtXML did not (%v)", data, p, werr, err)
			}
		}
		return
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%q:\n got %+v, %v\nwant %+v (encoding/xml)", data, got, err, want)
	}
}
