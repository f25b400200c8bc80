// Package crontab reads the crontab format of cron(5), as Vixie cron and
// cronie read it: system crontabs (/etc/crontab, /etc/cron.d/*), whose jobs
// name the user they run as, and user crontabs (crontab -l,
// /var/spool/cron/crontabs/*), whose jobs do not.
//
// A crontab is read line by line. A line is blank, a comment, a variable
// setting (NAME = value, the name and the value optionally quoted), or a
// job: a schedule (five time fields, or an @ special such as @daily or
// @reboot), the user for a system crontab, and a command. In the command,
// the first % that is not escaped ends it: what follows is the command's
// standard input, with each further % a newline, and \% is a plain %.
//
// The package only knows the format. What a command does is for
// internal/shell to say; when a schedule next fires is for its caller
// (internal/facts asks robfig/cron). A line cron would refuse is an entry
// with Err set, never a panic, and every line is bounded.
package crontab
