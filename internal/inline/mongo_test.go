package inline

import "testing"

var mongoDangerous = []codeCase{
	{`db.dropDatabase()`, `dropDatabase()`},
	{`use shop; db.dropDatabase()`, `dropDatabase(shop)`},
	{"use shop\ndb.dropDatabase()", `dropDatabase(shop)`},
	{`db.getSiblingDB('shop').dropDatabase()`, `dropDatabase(shop)`},
	{`db.getMongo().getDB("shop").dropDatabase()`, `dropDatabase(shop)`},
	{`new Mongo().getDB('shop').dropDatabase()`, `dropDatabase(shop)`},
	{`connect('localhost:27017/shop').dropDatabase()`, `dropDatabase(shop)`},
	{`const d = db.getSiblingDB('x'); d.dropDatabase()`, `dropDatabase(x)`},
	{`db = db.getSiblingDB('x'); db.dropDatabase()`, `dropDatabase(x)`},
	{`db.getMongo().getDBNames().forEach(function(n){ db.getSiblingDB(n).dropDatabase() })`, `dropDatabase()`},
	{`db.users.drop()`, `drop(users)`},
	{`db.getCollection('users').drop()`, `drop(users)`},
	{`db['users'].drop()`, `drop(users)`},
	{`db.a.b.drop()`, `drop(a.b)`},
	{`const c = db.users; c.drop()`, `drop(users)`},
	{`db.getCollectionNames().forEach(c => db[c].drop())`, `drop()`},
	{`db.users.deleteMany({})`, `deleteMany(users)!`},
	{`db.users.deleteMany()`, `deleteMany(users)!`},
	{`db.users.deleteMany(filter)`, `deleteMany(users)!`},
	{`db.users.remove({})`, `remove(users)!`},
	{`db.users.updateMany({}, {$set: {admin: true}})`, `updateMany(users)!`},
	{`db.users.update({}, {$set: {a: 1}}, {multi: true})`, `update(users)!`},
	{`db.users.dropIndexes()`, `dropIndexes(users)`},
	{`db.dropAllUsers()`, `dropAllUsers()`},
	{`db.getSiblingDB('admin').dropUser('root')`, `dropUser(root)`},
	{`db.adminCommand({shutdown: 1})`, `shutdownServer()`},
	{`db.getSiblingDB('admin').shutdownServer()`, `shutdownServer(admin)`},
	{`db.runCommand({dropDatabase: 1})`, `dropDatabase()`},
	{`db.runCommand({drop: 'users'})`, `drop(users)`},
	{`eval("db.dropDatabase()")`, `dropDatabase()`},
	{`eval(code)`, ` | dynamic(eval)`},
	{`db.eval(code)`, `eval()[code computed at run time]`},
	{`db.eval("db.users.drop()")`, `drop(users)`},
	{`run("rm", "-rf", "/")`, ` | argv(rm -rf /)`},
	{`removeFile('/data/db')`, ` | delete(/data/db)`},
	{`require('child_process').execSync('rm -rf /')`, ` | sh(rm -rf /)`},
}

var mongoOrdinary = []codeCase{
	{`db.users.find({})`, ``},
	{`db.users.countDocuments()`, ``},
	{`db.users.findOne({name: "drop"})`, ``},
	{`db.users.insertOne({name: "dropDatabase"})`, ``},
	{`db.users.deleteMany({age: {$lt: 18}})`, `deleteMany(users)`},
	{`db.users.deleteOne({})`, ``},
	{`db.users.remove({_id: 1})`, `remove(users)`},
	{`db.users.updateMany({active: false}, {$set: {x: 1}})`, `updateMany(users)`},
	{`db.users.update({}, {$set: {a: 1}})`, ``},
	{`db.users.createIndex({email: 1})`, ``},
	{`db.getCollectionNames()`, ``},
	{`show dbs`, ``},
	{`use admin`, ``},
	{`db.stats()`, ``},
	{`db.serverStatus().connections`, ``},
	{`db.version()`, ``},
	{`rs.status()`, ``},
	{`sh.status()`, ``},
	{`printjson(db.adminCommand({listDatabases: 1}))`, ``},
	{`db.adminCommand({ping: 1})`, ``},
	{`db.runCommand({collStats: 'users'})`, ``},
	{`print("db.dropDatabase()")`, ``},
	{`// db.dropDatabase()`, ``},
	{`/* db.users.drop() */ db.users.find()`, ``},
	{`db.users.aggregate([{$match: {a: 1}}, {$out: "report"}])`, ``},
	{`db.getSiblingDB('shop').orders.find().limit(5)`, ``},
	{`const x = {drop: 1}; print(x.drop)`, ``},
	{`db.users.find().forEach(printjson)`, ``},
	{`EJSON.stringify(db.users.findOne())`, ``},
	{`db.currentOp()`, ``},
	{`db.getUsers()`, ``},
	{`db.createUser({user: 'a', pwd: 'b', roles: []})`, ``},
}

func TestMongoDB(t *testing.T) {
	if ss, _ := Mongo("db.dropDatabase()", "shop"); stmtSummary(ss) != "dropDatabase(shop)" {
		t.Errorf("in shop: %s", stmtSummary(ss))
	}
	if ss, _ := Mongo("use other\ndb.dropDatabase()", "shop"); stmtSummary(ss) != "dropDatabase(other)" {
		t.Errorf("use other in shop: %s", stmtSummary(ss))
	}
	for addr, want := range map[string]string{
		"shop": "shop", "db1:27017/shop": "shop", "mongodb://u:p@h1,h2:27017/shop?tls=true": "shop",
		"mongodb+srv://cluster0.example.net/": "", "db1:27017": "", "mongodb://db1": "", "": "",
	} {
		if got := MongoDBName(addr); got != want {
			t.Errorf("MongoDBName(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestMongo(t *testing.T) {
	if len(mongoDangerous) < 30 || len(mongoOrdinary) < 30 {
		t.Errorf("%d dangerous and %d ordinary cases, want at least 30 each", len(mongoDangerous), len(mongoOrdinary))
	}
	for _, tab := range [][]codeCase{mongoDangerous, mongoOrdinary} {
		for _, c := range tab {
			ss, fs := Mongo(c.code, "")
			got := stmtSummary(ss)
			if len(fs) > 0 {
				got += " | " + findingSummary(fs)
			}
			if got != c.want {
				t.Errorf("%q:\n got %s\nwant %s", c.code, got, c.want)
			}
			for _, s := range ss {
				if s.Pos < 0 || s.Pos >= len(c.code) {
					t.Errorf("%q: statement at %d, outside the code", c.code, s.Pos)
				}
			}
		}
	}
}
