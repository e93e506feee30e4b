"""Names of the project and its units (text_inconsistency, JX612–JX614) on hand-written forms of other
organisations and domains: each bad case is found at its header field, and the near misses stay quiet."""

import pytest

from jixiao.check import audit_form
from jixiao.parse import parse_text

TABLE = """一级指标\t二级指标\t三级指标\t指标值\t度量单位\t指标解释
产出指标\t*数量指标\t完成工作任务数\t≥12项\t项\t考察全年完成的工作任务数。
\t*质量指标\t工作成果验收合格率\t100%\t%\t计算方式=验收合格的成果数/提交成果数×100%。
\t*时效指标\t任务完成时间\t2026年12月31日前\t日期\t考察全部任务的完成时间。
\t*成本指标\t单项任务平均费用\t≤5万元\t万元\t计算方式=项目总费用/任务数。
效益指标\t*社会效益指标\t受益群众覆盖率\t≥90%\t%\t计算方式=覆盖群众数/应覆盖群众数×100%。
满意度指标\t*服务对象满意度指标\t服务对象满意度\t≥90%\t%\t计算方式=满意受访者数/受访者总数×100%。"""


def form(name="辖区内涝风险点整治", applicant="深圳市龙岗区水务局", department="深圳市龙岗区水务局（本级）",
         goal="2026年完成辖区12处内涝风险点整治。", basis="整治内涝风险点12处，每处5万元，合计60万元。"):
    text = f"""二级项目支出绩效目标申报表
项目编码:\t440307261120100300002\t项目名称:\t{name}
申请单位:\t{applicant}\t一级预算单位:\t{department}
实施期限:\t1\t项目类型:\t31 履职类项目
是否新增项目:\t否\t分配方式:\t项目法
项目总金额(中期规划,元):\t600,000.00\t本年度项目金额(元):\t600000
政策依据:\t《城镇排水与污水处理条例》。
测算依据:\t{basis}
年度目标:\t{goal}
长期目标(跨度多年的项目需填):\t{goal}
{TABLE}"""
    result = parse_text(text, "<test>")
    assert not result.errors and len(result.forms) == 1
    return result.forms[0]


def text_findings(f):
    return [x for x in audit_form(f) if x.category == "text_inconsistency"]


def test_the_neutral_form_is_quiet():
    assert text_findings(form()) == []


# --- JX612: unpaired brackets in a name --------------------------------------------------------------------

@pytest.mark.parametrize("field, kwargs, bracket", [
    ("项目名称", {"name": "中小学校园视频监控系统升级（三期"}, "（"),
    ("项目名称", {"name": "公共自行车停放点改造(一期"}, "("),
    ("项目名称", {"name": "《龙岗区志》续编出版（2021-2025年）》"}, "》"),
    ("项目名称", {"name": "《宝安年鉴编纂出版"}, "《"),
    ("申请单位", {"applicant": "深圳市南山区教育局（本级"}, "（"),
    ("一级预算单位", {"department": "深圳市罗湖区卫生健康局本级）"}, "）"),
])
def test_unpaired_bracket_is_found_at_its_field(field, kwargs, bracket):
    hits = [x for x in text_findings(form(**kwargs)) if x.rule == "JX612"]
    assert len(hits) == 1
    hit = hits[0]
    assert hit.field == field and f"“{bracket}”" in hit.message and hit.suggestion and hit.line


@pytest.mark.parametrize("kwargs", [
    {"department": "深圳市龙岗区水务局（本级）"},
    {"department": "深圳市龙岗区水务局(本级）"},          # width mix, still a pair
    {"department": "深圳市龙岗区水务局（本级)"},
    {"name": "道路照明设施节能改造（一期）（续建）"},
    {"name": "河道管理（含（二期）堤岸巡查）服务"},         # nested
    {"name": "《深圳市龙岗区防洪排涝规划》修编"},
    {"name": "“智慧水务”平台运维（2026年）"},
])
def test_paired_brackets_are_quiet(kwargs):
    assert [x for x in text_findings(form(**kwargs)) if x.rule == "JX612"] == []


# --- JX613: 的 before the type word of a unit name ------------------------------------------------------------

@pytest.mark.parametrize("field, kwargs, fixed", [
    ("申请单位", {"applicant": "深圳市宝安区疾病预防控制的中心"}, "深圳市宝安区疾病预防控制中心"),
    ("申请单位", {"applicant": "深圳市龙岗区水务的局"}, "深圳市龙岗区水务局"),
    ("一级预算单位", {"department": "深圳市光明区人民政府的办公室（本级）"}, "深圳市光明区人民政府办公室"),
    ("申请单位", {"applicant": "深圳市坪山区城市更新和土地整备的管理中心"}, "深圳市坪山区城市更新和土地整备管理中心"),
])
def test_particle_before_type_word_is_found(field, kwargs, fixed):
    hits = [x for x in text_findings(form(**kwargs)) if x.rule == "JX613"]
    assert len(hits) == 1 and hits[0].field == field
    assert "的" in hits[0].message and fixed in hits[0].suggestion


@pytest.mark.parametrize("kwargs", [
    {"applicant": "深圳市旅游目的地管理中心"},               # 的 inside a word, not before the type word
    {"applicant": "深圳市的士行业协会"},
    {"name": "建设全区统一的数据中心"},                     # a project name may say 的…中心
    {"goal": "2026年由深圳市龙岗区水务局完成辖区的中心城区12处内涝风险点整治。"},
])
def test_particle_elsewhere_is_quiet(kwargs):
    assert [x for x in text_findings(form(**kwargs)) if x.rule == "JX613"] == []


# --- JX614: one unit with two type words of one kind ------------------------------------------------------------

@pytest.mark.parametrize("kwargs, variant, places", [
    ({"applicant": "深圳市规划和自然资源局龙华管理局", "department": "深圳市规划和自然资源局",
      "basis": "深圳市规划和自然资源局龙华分局负责地质灾害隐患点巡查120次，每次0.5万元，合计60万元。"},
     "深圳市规划和自然资源局龙华分局", ["测算依据"]),
    ({"applicant": "深圳市坪山区市场监督管理局", "department": "深圳市坪山区市场监督管理局",
      "goal": "2026年由深圳市坪山区市场监督局完成食品安全抽检12批次。"},
     "深圳市坪山区市场监督局", ["年度目标", "长期目标"]),
    ({"applicant": "深圳市公安局盐田分局", "department": "深圳市公安局盐田管理局"},
     None, ["一级预算单位"]),
])
def test_type_word_variant_is_found_once(kwargs, variant, places):
    hits = [x for x in text_findings(form(**kwargs)) if x.rule == "JX614"]
    assert len(hits) == 1, hits
    hit = hits[0]
    assert hit.field == "申请单位" and hit.suggestion
    if variant:
        assert hit.evidence == variant
    for place in places:
        assert place in hit.message


@pytest.mark.parametrize("kwargs", [
    # another district's bureau of the same department (as similar as the variant, but another unit)
    {"applicant": "深圳市规划和自然资源局龙华管理局",
     "goal": "2026年会同深圳市规划和自然资源局光明管理局完成边界地质灾害隐患点联合巡查12项。"},
    {"applicant": "深圳市生态环境局南山管理局", "goal": "2026年配合深圳市生态环境局福田管理局完成跨区河流联合执法12项。"},
    # a branch named after its parent: the word right after the stem is the same 局
    {"applicant": "深圳市交通运输局", "department": "深圳市交通运输局",
     "goal": "2026年配合深圳市交通运输局南山管理局完成12项公交场站整治。"},
    # a bureau and the centre under it: different kinds of unit
    {"applicant": "深圳市南山区卫生健康局", "goal": "2026年由深圳市南山区卫生健康中心组织完成12项健康讲座。"},
    # the same name again, with a title after it
    {"applicant": "深圳市坪山区市场监督管理局", "goal": "2026年深圳市坪山区市场监督管理局局长带队完成食品安全检查12项。"},
])
def test_other_units_are_quiet(kwargs):
    assert text_findings(form(**kwargs)) == []


@pytest.mark.parametrize("applicant", ["深圳市福田区实验小学", "深圳市福田区第二外国语中学", "深圳市福田区第一幼儿园",
                                       "深圳市龙岗区坪地镇", "深圳市福田区香蜜湖街道社区卫生院",
                                       "粮食调控储备与产业发展股"])  # 股: a county bureau's section (湖南 2020)
def test_jx611_schools_towns_clinics_and_sections_are_whole_names(applicant):
    assert [f.rule for f in audit_form(form(applicant=applicant)) if f.rule == "JX611"] == []
