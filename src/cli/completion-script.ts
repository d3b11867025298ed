// The bash script `rbd completion` prints. It sends the line up to the cursor, split at
// blanks, to `<program> --get-yargs-completions`, and hands the answer to readline; with no
// answer readline completes file names (for paths and key files).
import { COMPLETE_FLAG } from './completion-check.js';

export function bashCompletionScript(program: string): string {
  const fn = `_${program.replace(/[^A-Za-z0-9]/g, '_')}_completions`;
  return `###-begin-${program}-completions-###
# bash completion for ${program} (rbdm). Install: ${program} completion >> ~/.bashrc
# (zsh: run \`autoload -U +X bashcompinit && bashcompinit\` before it)
${fn}()
{
    local line="\${COMP_LINE:0:COMP_POINT}" cur="\${COMP_WORDS[COMP_CWORD]}" words
    read -r -a words <<< "$line"
    [[ "$line" =~ [[:space:]]$ ]] && words+=("")
    local full="\${words[\${#words[@]}-1]}" IFS=$'\\n'
    COMPREPLY=($(${program} ${COMPLETE_FLAG} "\${words[@]}" 2>/dev/null))
    # readline replaces only the part after a word break (= : @): drop what comes before it
    local before="\${full%"$cur"}"
    [[ -n "$before" ]] && COMPREPLY=("\${COMPREPLY[@]#"$before"}")
    [[ \${#COMPREPLY[@]} -eq 1 && "\${COMPREPLY[0]}" == */ ]] && compopt -o nospace 2>/dev/null
    return 0
}
complete -o default -F ${fn} ${program}
###-end-${program}-completions-###
`;
}
