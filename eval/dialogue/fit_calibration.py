"""Fits the knowledge base's help-desk confidence models (Options.Calibration.HELP_DESK_EN/ES) on the
dev split only. First print each dev line's first search result and its features with
  java -cp app/target/relevo.jar:knowledge-index/target/test-classes io.relevo.kb.DialogueSetProbe eval/dialogue/en.tsv dev > /tmp/probe_en.tsv
  (the same for es), then run this: it prints per language the weights (bias, semantic, coverage,
margin, semanticMargin, lexical = log(1 + bm25), lexicalShare) and, from a 5-fold cross-validation
on the dev lines, P@1, an estimate of reach, wrong answers and don't-know lines answered or offered
choices for the answer and choose thresholds. Needs numpy."""
import numpy as np
def load(l): return [r.split('\t') for r in open(f'/tmp/probe_{l}.tsv').read().splitlines()[1:]]
def feats(r):
    sem,cov,mar,smar,conf,bm,bmn,ssem=[float(x) for x in r[5:13]]
    return [sem,cov,mar,smar,np.log1p(bm),bmn]
def fit(X,y,lam=0.02,it=8000,lr=0.5):
    mu=X.mean(0); sd=X.std(0)+1e-9; Z=(X-mu)/sd
    X1=np.hstack([np.ones((len(Z),1)),Z]); w=np.zeros(X1.shape[1])
    for _ in range(it):
        p=1/(1+np.exp(-X1@w)); g=X1.T@(p-y)/len(y)+lam*np.r_[0,w[1:]]; w-=lr*g
    # back to raw feature space
    wr=w[1:]/sd; b=w[0]-np.sum(w[1:]*mu/sd)
    return np.r_[b,wr]
def prob(w,X): return 1/(1+np.exp(-(w[0]+X@w[1:])))
for l in ['en','es']:
    rows=[r for r in load(l) if r[2].startswith('answer:') or r[2]=='dont_know']
    X=np.array([feats(r) for r in rows]); y=np.array([1.0 if r[2][7:]==r[3] else 0.0 for r in rows])
    idx=np.arange(len(rows)); np.random.RandomState(1).shuffle(idx); P=np.zeros(len(rows))
    for k in range(5):
        te=idx[k::5]; tr=np.setdiff1d(idx,te); P[te]=prob(fit(X[tr],y[tr]),X[te])
    w=fit(X,y); print(l,'weights bias,sem,cov,mar,smar,log1p(bm),bmNorm =',', '.join('%.3f'%v for v in w))
    ans=[i for i,r in enumerate(rows) if r[2].startswith('answer:')]; dk=[i for i,r in enumerate(rows) if r[2]=='dont_know']
    for th in [0.4,0.5,0.6,0.7,0.8]:
        tp=sum(1 for i in ans if P[i]>=th and y[i]==1); fp=sum(1 for i in ans if P[i]>=th and y[i]==0); fdk=sum(1 for i in dk if P[i]>=th)
        # choose band
        for c in [0.15,0.25,0.35]:
            ch_dk=sum(1 for i in dk if c<=P[i]<th); reach=sum(1 for i in ans if (P[i]>=th and y[i]==1) or (c<=P[i]<th and rows[i][2][7:] in (rows[i][3],rows[i][4])))
            print('  a %.2f c %.2f P@1 %.3f reach~ %.3f wrong %d dkAnswered %d dkChoices %d/%d'%(th,c,tp/len(ans),reach/len(ans),fp,fdk,ch_dk,len(dk)))
