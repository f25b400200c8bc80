package inline

import (
	"fmt"
	"strings"
	"testing"
)

// Each benchmark reads 32 KiB of everyday code of its language: the size
// issue #16 budgets (decided in well under 50 ms).
const benchBytes = 32 << 10

func fill(unit string) string {
	var b strings.Builder
	for b.Len() < benchBytes {
		b.WriteString(unit)
	}
	return b.String()[:benchBytes]
}

const jsUnit = `const fs = require('fs');
const { execSync } = require('child_process');
// read the config and print what changed
function load(p) {
  const text = fs.readFileSync(p, 'utf8');
  return JSON.parse(text.replace(/\/\/.*$/gm, ''));
}
const cfg = load(process.argv[2] || 'config.json');
for (const [k, v] of Object.entries(cfg)) {
  if (typeof v === 'string' && v.length > 80) console.log(` + "`${k}: ${v.slice(0, 80)}…`" + `);
  else console.log(k, v / 2, 'ok');
}
const out = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
fs.writeFileSync('/tmp/build-' + out + '.json', JSON.stringify(cfg, null, 2));
`

const phpUnit = `$rows = json_decode(file_get_contents('php://stdin'), true);
foreach ($rows as $i => $row) {
    // keep only the active ones
    if (!empty($row['active']) && $row['age'] > 18) {
        printf("%d: %s <%s>\n", $i, $row['name'], $row["email"]);
    }
}
$total = array_sum(array_map(fn($r) => $r['amount'] ?? 0, $rows));
echo "total: {$total}\n", <<<EOT
  done at {$now}
  EOT;
$out = shell_exec('hostname');
file_put_contents('/tmp/report.txt', $out . PHP_EOL, FILE_APPEND);
`

const luaUnit = `local cjson = require("cjson")
-- count words in the input
local counts = {}
for line in io.lines() do
  for w in line:gmatch("%a+") do
    counts[w:lower()] = (counts[w:lower()] or 0) + 1
  end
end
local keys = {}
for k in pairs(counts) do keys[#keys + 1] = k end
table.sort(keys, function(a, b) return counts[a] > counts[b] end)
print(string.format("%d words", #keys), [[long
string]])
local f = io.open("/tmp/words.json", "w")
f:write(cjson.encode(counts))
f:close()
`

const tclUnit = `package require Tcl 8.6
# print the biggest files
proc sizes {dir} {
    set out {}
    foreach f [glob -nocomplain -directory $dir *] {
        if {[file isfile $f]} { lappend out [list [file size $f] $f] }
    }
    return [lsort -integer -decreasing -index 0 $out]
}
foreach pair [lrange [sizes /var/log] 0 9] {
    lassign $pair size name
    puts [format "%10d %s" $size $name]
}
set host [exec hostname]
set f [open /tmp/sizes.txt w]; puts $f "$host done"; close $f
`

const sqlUnit = `-- nightly report
SELECT c.id, c.name, COUNT(o.id) AS orders, SUM(o.total) AS revenue
FROM customers c
LEFT JOIN orders o ON o.customer_id = c.id AND o.created_at > NOW() - INTERVAL '1 day'
WHERE c.active = true AND c.name NOT LIKE '%test%'
GROUP BY c.id, c.name
ORDER BY revenue DESC NULLS LAST
LIMIT 50;
UPDATE orders SET status = 'shipped' WHERE id IN (SELECT order_id FROM shipments WHERE sent);
INSERT INTO audit (at, what) VALUES (now(), 'report; drop table x');
DELETE FROM sessions WHERE expires_at < now();
`

const mongoUnit = `use shop
// the week's orders by status
db.orders.aggregate([
  { $match: { createdAt: { $gte: new Date(Date.now() - 7 * 864e5) } } },
  { $group: { _id: "$status", n: { $sum: 1 }, total: { $sum: "$total" } } },
  { $sort: { n: -1 } }
]).forEach(printjson);
db.sessions.deleteMany({ expiresAt: { $lt: new Date() } });
const c = db.getCollection('users');
print(c.countDocuments({ active: true }), "active users");
`

const redisUnit = "SELECT 1\nSET session:42 \"{\\\"user\\\":42}\" EX 3600\nHGETALL user:42\nLPUSH queue \"job 1\"\nEXPIRE queue 60\nINCRBY counter 5\n"

// benchCode reads 32 KiB of everyday code of lang, then 32 KiB of each
// hostile unit: code built to be slow (deep brackets, nested templates
// and evals, long chains, words that double).
func benchCode(b *testing.B, lang Lang, unit string, hostile ...string) {
	run := func(name, unit string) {
		code := fill(unit)
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(code)))
			b.ReportAllocs()
			for b.Loop() {
				Analyze(lang, code)
			}
		})
	}
	run("everyday", unit)
	for k, h := range hostile {
		run(fmt.Sprintf("hostile%d", k+1), h)
	}
}

func BenchmarkJS(b *testing.B) {
	benchCode(b, JS, jsUnit, "eval(`${eval(\"(((\"+", "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p(", "x = x + x + 'abc';")
}
func BenchmarkPHP(b *testing.B) { benchCode(b, PHP, phpUnit, "\"{$a{$b{$c", "<<<A") }
func BenchmarkLua(b *testing.B) { benchCode(b, Lua, luaUnit, "f{f{f{f(\"x\"..(", "[==[") }
func BenchmarkTcl(b *testing.B) {
	benchCode(b, Tcl, tclUnit, "[if 1 {[while 1 {", "eval eval eval [list ", "set x $x$x\n")
}

func BenchmarkSQL(b *testing.B) {
	code := fill(sqlUnit)
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		SQL(code, Postgres)
	}
}

func BenchmarkSQLAny(b *testing.B) {
	code := fill(sqlUnit)
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		SQL(code, AnySQL)
	}
}

func BenchmarkMongo(b *testing.B) {
	code := fill(mongoUnit)
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		Mongo(code, "shop")
	}
}

func BenchmarkRedis(b *testing.B) {
	code := fill(redisUnit)
	b.SetBytes(int64(len(code)))
	b.ReportAllocs()
	for b.Loop() {
		Redis(nil, code)
	}
}
