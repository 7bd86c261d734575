#!/usr/bin/env python3
"""Which sources must stay out of unity batches (CMAKE_UNITY_BUILD, scripts/test.sh).

A unity batch compiles several .cc files as one translation unit, so the file-local names
of one file (anonymous namespace, `static`) become visible to the next. Two files of one
library that both define a local `Trimmed` then fail to compile -- or, worse, compile with
one file's calls bound to the other file's overload. Every file that defines a file-local
name another file of the same library also defines is compiled alone (all but the first of
them, in path order), so no batch holds two definitions of one name.

Names are read from the lines that start a declaration at column 0 (the style guide does not
indent namespace contents): functions, constants, types and aliases that are not qualified
members (`Class::Method`). Files are grouped by their directory, the unit the CMakeLists
files build a library or test program from (src/api's views.cc and http.cc are in
hoshitori_service, so src/api and src/service form one group).

Usage: unity_exclusions.py SOURCE_DIR  -> prints the files to exclude, separated by ';'.
"""
import collections
import pathlib
import re
import sys

FUNCTION = re.compile(
    r'^(?:static |inline |constexpr |template *<[^>]*> *)*[A-Za-z_][\w:<>,\s*&]*?[\s*&]([A-Za-z_]\w*)\s*\(')
CONSTANT = re.compile(
    r'^(?:static )?(?:inline )?(?:constexpr|const)\s+[\w:<>,\s*&]+?\s([A-Za-z_]\w*)\s*(?:\[\])?\s*[={]')
TYPE = re.compile(r'^(?:struct|class|enum class|enum|union|using)\s+([A-Za-z_]\w*)')
NOT_NAMES = {'main', 'TEST', 'TEST_F', 'TEST_P', 'TYPED_TEST', 'INSTANTIATE_TEST_SUITE_P',
             'RC_GTEST_PROP', 'RC_GTEST_FIXTURE_PROP', 'operator', 'namespace'}


def names_of(path):
    names = set()
    for line in path.read_text(errors='replace').splitlines():
        if not line or line[0] in ' \t#/}':
            continue
        head = line.split('(')[0].split()
        if head and '::' in head[-1]:
            continue  # a member defined out of its class
        for pattern in (FUNCTION, CONSTANT, TYPE):
            found = pattern.match(line)
            if found and found.group(1) not in NOT_NAMES:
                names.add(found.group(1))
    return names


def group_of(path, root):
    directory = path.parent.relative_to(root).as_posix()
    return 'src/service' if directory == 'src/api' else directory


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    groups = collections.defaultdict(lambda: collections.defaultdict(list))
    for top in ('src', 'tests', 'bench'):
        for path in sorted((root / top).rglob('*.cc')):
            for name in names_of(path):
                groups[group_of(path, root)][name].append(path)
    excluded = set()
    for names in groups.values():
        for files in names.values():
            excluded.update(files[1:])
    print(';'.join(str(path) for path in sorted(excluded)), end='')


if __name__ == '__main__':
    main()
