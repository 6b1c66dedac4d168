"""The report's sections, each a function ``sections(ctx) -> list[Section]`` that lays out
results already computed (``ReportContext``); none calls an engine.

Order follows the ISPOR MCDA good-practice checklist (Thokala et al. 2016; Marsh et al.
2016) and the Green Book appraisal order: summary, the choices behind the run, problem and
options, criteria and value functions, scores, weights, results, robustness, economics,
assumptions, audit, dissent recorded, method and limitations.
"""
