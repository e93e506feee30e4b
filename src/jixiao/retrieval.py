"""Retrieval: which stored examples are close to a text. Used by the few-shot library (drafting) and by extraction.

    index = Index([doc_text, …])
    hits = index.select(query, k=3, floor=0.12)    # [Hit(position, score, relevance, similarity)], best first

Documents and queries are character bigrams of each run of letters or Han characters (Chinese needs no word
segmentation for this). `score` is BM25; `relevance` is the same score divided by the best document's, so the best
is 1 whatever the query (useful to order, useless to judge); `similarity` is absolute: the IDF-weighted share of the
query's bigrams the document holds (0 none, 1 all of them), so a floor on it says "no example is close" the same way
for every query. `select` keeps the documents at or above the floor, chosen by maximal marginal relevance so the k
picked are not near-copies of one another.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from jixiao.values import normalise

_NOT_TEXT = re.compile(r"[\s\d\W_]+", re.UNICODE)
# Bigrams every budget text shares (项目, 年度, 完成…): they say nothing about what a project is, so they count for
# nothing in `similarity` (BM25 already gives them little weight).
STOP_GRAMS = frozenset({"项目", "年度", "完成", "开展", "实施", "工作", "资金", "预算", "金额", "万元", "计划", "提高", "保障",
                        "服务", "管理", "建设", "本年", "年完", "度项", "目金", "申报", "单位", "负责", "全年", "其中", "要求"})


def grams(text: str) -> list[str]:
    """Character bigrams of each run of letters/Han characters (digits and punctuation split runs)."""
    out: list[str] = []
    for run in _NOT_TEXT.split(normalise(text)):
        if len(run) == 1:
            out.append(run)
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class Bm25:
    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.5, b: float = 0.75):
        self.docs = [Counter(d) for d in docs]
        self.lens = [len(d) for d in docs]
        self.avg = sum(self.lens) / len(self.lens) if self.lens else 0.0
        n = len(docs)
        df = Counter(g for d in self.docs for g in d)
        self.idf = {g: math.log(1 + (n - c + 0.5) / (c + 0.5)) for g, c in df.items()}
        self.unseen_idf = math.log(1 + (n + 0.5) / 0.5)  # a query bigram no document has: the rarest kind
        self.k1, self.b = k1, b
        self.sets = [set(d) for d in self.docs]

    def scores(self, query: Iterable[str]) -> list[float]:
        q = Counter(query)
        out = []
        for d, ln in zip(self.docs, self.lens):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * ln / (self.avg or 1))
            for g in q:
                tf = d.get(g)
                if tf:
                    s += self.idf[g] * tf * (self.k1 + 1) / (tf + norm)
            out.append(s)
        return out

    def similarities(self, query: Iterable[str]) -> list[float]:
        """The IDF-weighted share of the query's distinct bigrams (common ones left out) that each document holds."""
        q = {g for g in query if g not in STOP_GRAMS and len(g) == 2}
        weights = {g: self.idf.get(g, self.unseen_idf) for g in q}
        total = sum(weights.values())
        if not total:
            return [0.0] * len(self.docs)
        return [round(sum(w for g, w in weights.items() if g in s) / total, 4) for s in self.sets]


@dataclass(frozen=True)
class Hit:
    position: int  # index of the document
    score: float  # BM25
    relevance: float  # BM25 / best BM25 of this query (best = 1)
    similarity: float  # absolute, 0..1 (see module doc)


class Index:
    def __init__(self, texts: Sequence[str]):
        self.bm25 = Bm25([grams(t) for t in texts])

    def __len__(self) -> int:
        return len(self.bm25.docs)

    def rank(self, query: str) -> list[Hit]:
        """Every document, best first."""
        q = grams(query)
        scores = self.bm25.scores(q)
        sims = self.bm25.similarities(q)
        top = max(scores, default=0.0) or 1.0
        hits = [Hit(i, s, s / top, sims[i]) for i, s in enumerate(scores)]
        return sorted(hits, key=lambda h: (-h.score, h.position))

    def select(self, query: str, k: int = 3, floor: float = 0.0, diversity: float = 0.3,
               exclude: Iterable[int] = ()) -> list[Hit]:
        """Up to k documents with similarity ≥ floor, by relevance with MMR diversity, most relevant first."""
        if k <= 0 or not len(self):
            return []
        skip = set(exclude)
        ranked = {h.position: h for h in self.rank(query)}
        candidates = [i for i, h in ranked.items() if i not in skip and h.similarity >= floor and (h.score > 0 or not floor)]
        chosen: list[int] = []
        sets = self.bm25.sets
        while candidates and len(chosen) < k:
            def mmr(i: int) -> float:
                redundancy = max((jaccard(sets[i], sets[j]) for j in chosen), default=0.0)
                return (1 - diversity) * ranked[i].relevance - diversity * redundancy

            best = max(candidates, key=lambda i: (mmr(i), -i))
            chosen.append(best)
            candidates.remove(best)
        chosen.sort(key=lambda i: -ranked[i].relevance)
        return [ranked[i] for i in chosen]
