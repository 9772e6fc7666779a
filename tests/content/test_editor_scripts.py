"""The editor's scripts in a browser: a quiz offers only its options; a finding goes to its field.

content/static/content/blocks.js and compliance.js run in headless Chromium against the
markup Wagtail renders for a quiz block and for a tabbed edit form (see tests/browser.py).
"""

from tests.browser import result_of, run_page, static_url

QUIZ_OPTION = """
<div data-streamfield-child data-contentpath="item-{index}">
  <input type="hidden" name="body-0-value-choices-{index}-deleted" value="">
  <input type="hidden" name="body-0-value-choices-{index}-order" value="{index}">
  <input type="text" name="body-0-value-choices-{index}-value" value="{text}">
</div>"""


def quiz_page(choices: list[str], action: str) -> str:
    options = "".join(QUIZ_OPTION.format(index=i, text=text) for i, text in enumerate(choices))
    letters = "".join(f'<option value="{letter}">{letter}</option>' for letter in "ABCDEF")
    return f"""<!doctype html><html><head><meta charset="utf-8"></head><body>
<div class="quiz-block">
  <div data-contentpath="choices"><div data-streamfield-list-container>{options}</div></div>
  <div data-contentpath="answer"><select name="body-0-value-answer">{letters}</select></div>
</div>
<script src="{static_url("content/blocks.js")}"></script>
<script>
function offered() {{
  return [...document.querySelectorAll("select option")].filter(o => !o.hidden && !o.disabled).map(o => o.textContent);
}}
document.addEventListener("DOMContentLoaded", () => setTimeout(() => {{
  const before = offered();
  {action}
  setTimeout(() => {{ document.body.dataset.result = JSON.stringify({{before, after: offered(), selected: document.querySelector("select").value}}); }}, 200);
}}, 100));
</script></body></html>"""


def test_a_quiz_offers_one_answer_per_option_with_its_text():
    result = result_of(run_page(quiz_page(["照做", "挂断电话，拨打 96110 核实", "先转一半"], "")))
    assert result["before"] == ["A．照做", "B．挂断电话，拨打 96110 核实", "C．先转一半"]


def test_removing_an_option_removes_its_answer():
    remove_last = """
      const item = document.querySelector('[data-contentpath="item-2"]');
      item.querySelector('input[name$="-deleted"]').value = "1"; item.hidden = true;"""
    result = result_of(run_page(quiz_page(["96110", "12345", "10086"], remove_last)))
    assert result["before"] == ["A．96110", "B．12345", "C．10086"]
    assert result["after"] == ["A．96110", "B．12345"]


def test_adding_an_option_and_typing_its_text_adds_its_answer():
    add = """
      const list = document.querySelector("[data-streamfield-list-container]");
      list.insertAdjacentHTML("beforeend", `<div data-streamfield-child data-contentpath="new">
        <input type="hidden" name="x-2-deleted" value=""><input type="hidden" name="x-2-order" value="2">
        <input type="text" name="x-2-value" value=""></div>`);
      setTimeout(() => {{
        const input = document.querySelector('input[name="x-2-value"]');
        input.value = "10086"; input.dispatchEvent(new Event("input", {bubbles: true}));
      }}, 50);"""
    result = result_of(run_page(quiz_page(["96110", "12345"], add.replace("{{", "{").replace("}}", "}"))))
    assert result["before"] == ["A．96110", "B．12345"]
    assert result["after"] == ["A．96110", "B．12345", "C．10086"]


def test_an_answer_whose_option_went_away_stays_visible_and_says_so():
    remove = """
      document.querySelector("select").value = "C";
      const item = document.querySelector('[data-contentpath="item-2"]');
      item.querySelector('input[name$="-deleted"]').value = "1"; item.hidden = true;"""
    dom = run_page(quiz_page(["96110", "12345", "10086"], remove))
    result = result_of(dom)
    assert result["selected"] == "C"
    assert "C（没有这个选项，请重新选择）" in dom


FORM_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<form id="page-edit-form">
  <div role="tablist">
    <a role="tab" id="tab-label-content" href="#tab-content" aria-controls="tab-content">内容</a>
    <a role="tab" id="tab-label-promote" href="#tab-promote" aria-controls="tab-promote">推荐</a>
  </div>
  <section id="tab-content" role="tabpanel">
    <a href="#" data-compliance-target='[data-contentpath="search_description"]'>搜索描述</a>
    <a href="#" data-compliance-target='[data-contentpath="body"] [data-contentpath="block-1"] [data-contentpath="choices"]'>正文 › 第1块</a>
    <div data-contentpath="body">
      <div data-contentpath="block-1">
        <section><button type="button" data-panel-toggle aria-controls="block-1-content" aria-expanded="false">toggle</button>
          <div id="block-1-content" hidden><div data-contentpath="choices"><input type="text" id="choice"></div></div>
        </section>
      </div>
    </div>
  </section>
  <section id="tab-promote" role="tabpanel" hidden>
    <div data-contentpath="search_description"><textarea id="description"></textarea></div>
  </section>
</form>
<script>
// What Wagtail's tabs and panels do when their controls are clicked.
document.querySelectorAll("[role=tab]").forEach(tab => tab.addEventListener("click", () => {
  document.querySelectorAll("[role=tabpanel]").forEach(panel => panel.hidden = panel.id !== tab.getAttribute("aria-controls"));
}));
document.querySelectorAll("[data-panel-toggle]").forEach(toggle => toggle.addEventListener("click", () => {
  document.getElementById(toggle.getAttribute("aria-controls")).hidden = false;
  toggle.setAttribute("aria-expanded", "true");
}));
</script>
<script src="%(script)s"></script>
<script>
document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
  const links = document.querySelectorAll("[data-compliance-target]");
  const seen = [];
  links[%(link)d].click();
  setTimeout(() => {
    document.body.dataset.result = JSON.stringify({
      focused: document.activeElement.id,
      promoteHidden: document.getElementById("tab-promote").hidden,
      blockHidden: document.getElementById("block-1-content").hidden,
    });
  }, 400);
}, 100));
</script></body></html>"""


def test_a_finding_in_another_tab_opens_that_tab_and_focuses_the_field():
    result = result_of(run_page(FORM_PAGE % {"script": static_url("content/compliance.js"), "link": 0}))
    assert result == {"focused": "description", "promoteHidden": False, "blockHidden": True}


def test_a_finding_in_a_collapsed_block_opens_the_block_and_focuses_its_field():
    result = result_of(run_page(FORM_PAGE % {"script": static_url("content/compliance.js"), "link": 1}))
    assert result["focused"] == "choice" and result["blockHidden"] is False
