"""Checks eval/dialogue/{en,es}.tsv and prints counts per lang x label type x split.
Run from the repository root: python3 eval/dialogue/check.py"""
import collections, glob, os, re, sys
KB = 'knowledge-index/src/main/resources/io/relevo/kb/demo'
FLOWS_DIR = 'bot-core/src/main/resources/io/relevo/core/flows'
# report_facilities_issue and hr_query are added by the forms helper (issue 19); until that branch is merged
# they are accepted by name, every other flow must exist as a YAML file.
PENDING_FLOWS = set()  # every flow the set names exists now
TICKET = {'status', 'list', 'cancel', 'comment'}
def topics(lang):
    out = set()
    for f in glob.glob(f'{KB}/{lang}/*.md'):
        m = re.search(r'^topic:\s*(\S+)', open(f, encoding='utf-8').read(), re.M)
        out.add(m.group(1))
    return out
both = topics('en') & topics('es')
flows = {os.path.basename(f)[:-5] for f in glob.glob(f'{FLOWS_DIR}/*.yaml')}
errors, counts, seen, per_topic = [], collections.Counter(), set(), collections.Counter()
for lang in ('en', 'es'):
    lines = open(f'eval/dialogue/{lang}.tsv', encoding='utf-8').read().split('\n')
    assert lines[0] == 'id\tlang\tsplit\texpected\ttext', lines[0]
    for n, line in enumerate(l for l in lines[1:] if l):
        cols = line.split('\t')
        if len(cols) != 5: errors.append(f'{lang}:{n + 2} has {len(cols)} columns (tab in text?)'); continue
        id_, lg, split, exp, text = cols
        if id_ in seen: errors.append(f'duplicate id {id_}')
        seen.add(id_)
        if lg != lang or not id_.startswith(lang + '-'): errors.append(f'{id_}: wrong lang')
        if split not in ('dev', 'holdout'): errors.append(f'{id_}: split {split}')
        kind, _, arg = exp.partition(':')
        if kind == 'answer':
            if arg not in both: errors.append(f'{id_}: topic {arg} not in both languages')
            per_topic[(lang, arg)] += 1
        elif kind == 'form':
            if arg not in flows and arg not in PENDING_FLOWS: errors.append(f'{id_}: flow {arg} unknown')
        elif kind == 'ticket':
            if arg not in TICKET: errors.append(f'{id_}: ticket action {arg}')
        elif exp not in ('person', 'smalltalk', 'dont_know'): errors.append(f'{id_}: expected {exp}')
        if not text.strip(): errors.append(f'{id_}: empty text')
        counts[(lang, kind, split)] += 1
for lang in ('en', 'es'):
    for t in sorted(both):
        if per_topic[(lang, t)] < 3: errors.append(f'{lang}: topic {t} has {per_topic[(lang, t)]} messages (< 3)')
kinds = ['answer', 'form', 'ticket', 'person', 'smalltalk', 'dont_know']
print(f"{'lang':4} {'type':10} {'dev':>4} {'hold':>4} {'all':>4} {'share':>6}")
for lang in ('en', 'es'):
    tot = sum(v for k, v in counts.items() if k[0] == lang)
    for k in kinds:
        d, h = counts[(lang, k, 'dev')], counts[(lang, k, 'holdout')]
        print(f'{lang:4} {k:10} {d:4} {h:4} {d + h:4} {100 * (d + h) / tot:5.1f}%')
    h = sum(v for k, v in counts.items() if k[0] == lang and k[2] == 'holdout')
    print(f'{lang:4} {"total":10} {tot - h:4} {h:4} {tot:4}  holdout {100 * h / tot:.1f}%')
print(f'topics in both languages: {len(both)}; flows on disk: {sorted(flows)}')
print('OK' if not errors else '\n'.join(errors))
sys.exit(1 if errors else 0)
