// Package agent is what belay knows about the AI coding and ops agents
// whose pre-tool-use hooks ask it before they run a command: each agent's
// payload (the tool call, as JSON on the hook's standard input), its
// answer (JSON on standard output, the exit status, standard error), where
// its hook settings live, and which files switch belay or the agent's
// hooks off. internal/cli judges the call and writes the answer.
//
// Everything here was written from each agent's public hook
// documentation, read on 2026-12 (the fixtures in
// internal/cli/testdata/script/agent_*.txtar follow it):
//
//   - Claude Code: https://code.claude.com/docs/en/hooks (PreToolUse:
//     session_id, transcript_path, cwd, permission_mode, hook_event_name,
//     tool_name, tool_input, tool_use_id; the answer
//     hookSpecificOutput.permissionDecision allow|deny|ask with
//     permissionDecisionReason, or exit 2 with the reason on standard
//     error, which then replaces the JSON; command hooks time out after
//     600 s, older versions 60 s, and a hook that times out or fails
//     otherwise lets the tool run).
//   - OpenAI Codex CLI: https://developers.openai.com/codex/hooks and its
//     schema in github.com/openai/codex, codex-rs/hooks (the payload is
//     Claude Code's, plus model and turn_id; tool_name Bash with
//     tool_input.command, apply_patch with the patch in
//     tool_input.command; only a deny is enforced: permissionDecision ask,
//     or allow without updatedInput, is reported as invalid and the tool
//     runs; exit 2 blocks with standard error as the reason; default
//     timeout 600 s; a new or changed hook runs only once the user
//     trusted it in /hooks).
//   - Gemini CLI: https://geminicli.com/docs/hooks/reference (BeforeTool:
//     session_id, transcript_path, cwd, hook_event_name, timestamp,
//     tool_name, tool_input; tools run_shell_command {command, dir_path},
//     write_file and replace {file_path}; the answer decision allow|deny
//     with reason, or exit 2 with the reason on standard error; no ask;
//     timeout in milliseconds, default 60000; a timeout or other exit
//     status lets the tool run).
//   - Cursor: https://cursor.com/docs/hooks (beforeShellExecution:
//     conversation_id, generation_id, hook_event_name, workspace_roots,
//     command, cwd; preToolUse: tool_name, tool_input; the answer
//     permission allow|deny|ask with user_message and agent_message; exit
//     2 blocks; an answer without permission is reported as invalid JSON,
//     which a failClosed hook turns into a block: github.com/
//     aovestdipaperino/tokensave issue 187).
//   - GitHub Copilot CLI:
//     https://docs.github.com/en/copilot/reference/copilot-cli-reference/cli-hooks-reference
//     and …/reference/hooks-configuration (preToolUse: timestamp, cwd,
//     toolName, toolArgs, toolArgs a JSON string; configured as
//     PreToolUse, the same with snake_case names; tools bash {command},
//     create and edit {path}; the answer permissionDecision allow|deny|ask
//     with permissionDecisionReason, on standard output with exit status
//     0: a hook that exits otherwise, or times out (default 30 s), is
//     logged and skipped, and the tool runs).
package agent
