"""Bash completion that shows each value's description, sent as `value<TAB>description` lines."""

from __future__ import annotations

from typing import Any

from typer._completion_classes import BashComplete
from typer._completion_shared import _completion_scripts

BASH_SCRIPT = r"""
%(complete_func)s() {
    local IFS=$'\n' tab=$'\t' pad=$'\u00a0'
    local -a lines
    lines=( $( env COMP_WORDS="${COMP_WORDS[*]}" COMP_CWORD=$COMP_CWORD \
               %(autocomplete_var)s=complete_bash "$1" 2>/dev/null ) )
    COMPREPLY=()
    (( ${#lines[@]} )) || return 0
    local line value shared=${lines[0]%%%%$tab*}
    if (( ${#lines[@]} == 1 )); then
        COMPREPLY=( "$(printf '%%q' "$shared")" )
        return 0
    fi
    for line in "${lines[@]}"; do
        value=${line%%%%$tab*}
        while [[ ${value:0:${#shared}} != "$shared" ]]; do shared=${shared:0:${#shared}-1}; done
    done
    local typed=${COMP_WORDS[COMP_CWORD]}
    if (( ${#shared} > ${#typed} )) && [[ $(printf '%%q' "$shared") != "$shared" ]]; then
        compopt -o nospace
        COMPREPLY=( "$(printf '%%q' "$shared")" )
        return 0
    fi
    local width=0 fill
    for line in "${lines[@]}"; do
        value=${line%%%%$tab*}
        (( ${#value} > width )) && width=${#value}
    done
    for line in "${lines[@]}"; do
        value=${line%%%%$tab*}
        if [[ $line == *$tab* ]]; then
            printf -v fill '%%*s' $(( width - ${#value} + 2 )) ''
            line="$value${fill// /$pad}(${line#*$tab})"
            (( ${#line} < ${COLUMNS:-80} )) || line="${line:0:${COLUMNS:-80}-2}…"
            COMPREPLY+=( "$line" )
        else
            COMPREPLY+=( "$value" )
        fi
    done
}

complete -o default -F %(complete_func)s %(prog_name)s
"""


class AseanctBashComplete(BashComplete):
    """Typer's bash completion, with each value's description after a tab."""

    def format_completion(self, item: Any) -> str:
        description = " ".join(str(item.help or "").split())
        return f"{item.value}\t{description}" if description else str(item.value)


def install() -> None:
    """Use aseanct's bash protocol and script (zsh, fish and PowerShell keep Typer's)."""
    from typer._click.shell_completion import add_completion_class

    add_completion_class(AseanctBashComplete, "bash")
    _completion_scripts["bash"] = BASH_SCRIPT
