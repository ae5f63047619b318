# 邮件的主题和正文。纯文本和 HTML 两种正文都由这些文字生成，HTML 中的每个值都会转义。
# 给办理单位的邮件只写编号、类型、地区、人数、期限和链接，从不写投诉人的身份或投诉内容。

## 各封邮件共用的栏目名（“栏目: 值”一行一项）
mail-label-reference = 投诉编号
mail-label-category = 问题类型
mail-label-region = 发生地区
mail-label-affected-workers = 涉及人数
mail-label-acknowledge-by = 受理或答复期限
mail-label-receipt-code = 回执码
mail-label-sent-to = 转交给
mail-label-new-status = 新状态
mail-label-office-message = 办理单位的留言
# 转交单位名称之间的分隔符。
mail-list-separator = 、
mail-link-read = 请登录受理平台查看：
mail-link-see = 请登录受理平台查看：
mail-privacy-case = 为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。

## 新案件：给主办单位
mail-new-case-subject = 【新投诉】{ $reference } { $category } · { $region }
mail-new-case-intro = 您好：有一份新的劳动者投诉已转交贵单位办理。
mail-new-case-link = 请登录受理平台查看详情并办理：

## 抄送：给协办单位（只能查看，不能办理）
mail-copied-case-subject = 【抄送】{ $reference } { $category } · { $region }
mail-copied-case-intro = 您好：一份劳动者投诉已抄送贵单位知悉，由{ $office }主办。

## 给要求邮件通知的投诉人：已收到（从不含回执码，除非投诉人要求）
mail-worker-confirmation-subject = 您的投诉已收到：{ $reference }
mail-worker-confirmation-intro = 您好：您的投诉我们已经收到，并已转交给负责的单位。
mail-worker-confirmation-link = 用投诉编号和回执码（提交时显示的 16 位数字）查看进度、补充材料：
mail-worker-confirmation-receipt-sent = 您要求把回执码发到这个邮箱。有了编号和回执码就能查看和补充这份投诉：请删除本邮件，或者确保只有您自己能看到它。
mail-worker-confirmation-receipt-kept = 为了安全，本邮件不包含回执码。请保存好回执码，不要告诉别人。

## 投诉人补充了信息
mail-worker-message-subject = 【投诉人补充】{ $reference } { $category }
mail-worker-message-intro = 您好：投诉人对这件投诉补充了信息。
mail-worker-message-privacy = 为保护投诉人，本邮件不含补充的内容，请登录后查看。

## 投诉人补充了证据材料
mail-worker-evidence-subject = 【投诉人补充证据】{ $reference } { $category }
mail-worker-evidence-intro = 您好：投诉人为这件投诉补充了 { $files } 份证据材料（图片或 PDF 文件）。
mail-worker-evidence-privacy = 为保护投诉人，本邮件不附带文件，也不含投诉人身份信息，请登录后查看。

## 工会把案件移送检察院
mail-referred-case-subject = 【工会移送】{ $reference } { $category } · { $region }
mail-referred-case-intro = 您好：{ $union }将一件劳动者投诉移送贵院，供公益诉讼检察参考；贵院已被抄送该案件。
mail-referred-case-link = 请登录受理平台查看案件及工会已发出的文书：

## 其他单位的工作人员或管理员添加了证据材料
mail-staff-evidence-subject = 【案件新增证据】{ $reference } { $category }
mail-staff-evidence-intro = 您好：其他单位的工作人员或管理员为贵单位办理的这件投诉添加了 { $files } 份证据材料。
mail-staff-evidence-privacy = 本邮件不附带文件，请登录后查看。

## 给要求邮件通知的投诉人：新状态或办理单位的留言
mail-worker-update-subject = 您的投诉有新进展：{ $reference }
mail-worker-update-intro = 您好：您的投诉有了新进展。
mail-worker-update-link = 用投诉编号和回执码查看详情：

## 公益诉讼线索：给检察院
mail-lead-subject = 【公益诉讼线索】{ $name } { $category } · { $city }
mail-lead-intro = 您好：近{ $days }日内，{ $city }有{ $complaints }件同类投诉指向同一{ $kind ->
        [employer] 用工单位
       *[other] 平台
    }，可能涉及公益诉讼线索。
mail-lead-label-kind = { $kind ->
        [employer] 用工单位
       *[other] 平台
    }
mail-lead-label-city = 地区
mail-lead-label-complaints = 投诉件数
mail-lead-label-affected-workers = 涉及人数合计
mail-lead-link = 请登录受理平台查看线索并决定是否立案：
mail-lead-privacy = 为保护投诉人，本邮件不含投诉人身份信息和投诉内容，请登录后查看。

## 每日逾期提醒
mail-digest-subject = 【逾期提醒】{ $count } 件投诉已超过办理期限
mail-digest-intro = 您好：贵单位有 { $count } 件投诉已超过期限：过了受理期限仍未受理或不予受理，或者过了办结期限仍未办结。
mail-digest-late-acknowledge = 未受理，期限 { $date }
mail-digest-late-result = 未办结，期限 { $date }
