# 页面上的文字。键名在每种语言里都要一样（有测试检查）。

site-name = 劳动者投诉登记
skip-to-content = 跳到正文
nav-label = 网站导航
nav-home = 提交投诉
nav-track = 查询进展
nav-privacy = 个人信息保护说明
nav-signin = 志愿者登录
nav-signout = 退出登录
signed-in-as = 已登录：{ $name }

error-400-title = 请求有误
error-400-text = 这个请求看不懂。请回到首页重新操作。
error-403-title = 页面已过期
error-403-text = 为了安全，这个页面需要重新打开。请回到首页重新操作。
error-404-title = 没有这个页面
error-404-text = 地址可能输错了，或者页面已经不存在。
error-405-title = 不能这样打开
error-405-text = 这个地址不能这样访问。请回到首页重新操作。
error-413-title = 内容太多
error-413-text = 提交的内容太大了。请减少文字，或者一次少传几个文件。
error-415-title = 文件类型不支持
error-415-text = 只能上传 JPEG、PNG、WebP 图片或 PDF 文件。
error-429-title = 操作太频繁
error-429-text = 请等一分钟再试。
error-500-title = 系统出了问题
error-500-text = 不是您的错。您填写的内容没有丢失：请返回上一页，过一会儿再提交。
error-503-title = 系统暂时忙不过来
error-503-text = 请过几分钟再试。您填写的内容不会丢失。

privacy-title = 个人信息保护说明
privacy-lead = 这里说明我们收集什么、为什么收集、交给谁、保存多久，以及您有哪些权利（《个人信息保护法》第十七条）。
privacy-what-title = 我们收集什么
privacy-what = 您写的投诉内容；工作地点（到市或区县）；您选择填写的姓名、手机号、邮箱和身份证号；您上传的证据文件。照片里的拍摄地点等隐藏信息会在保存前删除。匿名投诉时我们不收集您的身份信息。
privacy-why-title = 为什么收集
privacy-why = 只为处理您的投诉：把它交给有权处理的单位，让他们能联系您、核实情况，并让您能查询进展。
privacy-who-title = 交给谁
privacy-who = 只交给提交前列出的单位，例如人民检察院公益诉讼部门、工会、劳动保障监察机构、妇联或残联。通知邮件里不写您的姓名、电话和投诉内容，工作人员要登录后才能看到；每次查看您的身份信息都会被记录。
privacy-how-long-title = 保存多久
privacy-how-long = 投诉材料由处理单位按照办案档案的规定保存，不会用于处理投诉以外的目的。为防止重复提交而临时保存的回执，24 小时后删除。
privacy-safety-title = 怎样保护
privacy-safety = 回执码只保存加密后的摘要，任何人（包括工作人员）都看不到原码。网站不使用外部字体、外部脚本或统计代码。如果您要求把回执码发到邮箱，它在发送前一直加密保存，发出后即删除。 填写中的内容和没网时等待发送的投诉会暂存在您的手机浏览器里，提交成功后自动删除；在别人的手机上填写时，请提交成功后再离开。
privacy-rights-title = 您的权利
privacy-right-know = 知道您的信息被怎样使用。
privacy-right-access = 用编号和回执码查看您的投诉。
privacy-right-correct = 发现信息有错时，通过“查询进展”补充说明，要求更正。
privacy-right-delete = 要求删除您的身份信息。
privacy-right-withdraw = 撤回同意：撤回后已经转出的投诉仍由接收单位依法处理。
privacy-contact = 要行使这些权利，请在“查询进展”页面给处理单位留言。

signin-title = 志愿者登录
signin-lead = 登录后可以代劳动者提交投诉。
signin-email = 邮箱
signin-password = 密码
signin-submit = 登录
signin-failed = 邮箱或密码不对。
signin-locked = 尝试次数太多，请 { $seconds } 秒后再试。

track-title = 查询投诉进展
track-lead = 输入提交时拿到的编号和回执码。
track-reference = 投诉编号
track-reference-hint = 例如 7KQ4-M2XH
track-code = 回执码
track-code-hint = 16 位数字，空格可以不输入
track-submit = 查询
track-not-found = 编号或回执码不对。请检查后再试。
track-rate-limited = 查询次数太多，请 { $seconds } 秒后再试。
track-message-sent = 补充说明已发送，处理单位会收到通知。

tracked-title = 投诉
tracked-status = 目前状态
tracked-category = 问题类型
tracked-region = 工作地点
tracked-filed = 提交时间
tracked-history = 处理记录

recipients-title = 谁会收到这份投诉
recipient-copy = 抄送
recipients-empty = 选好问题类型和工作地点后，这里会列出接收单位。

timeline-submitted = 已提交
timeline-status_changed = 状态变化
timeline-message = 您的补充说明
timeline-note = 处理单位的说明
timeline-transferred = 已转给其他单位
timeline-attachment = 您上传的证据
timeline-other = 记录

status-received = 已收到
status-accepted = 已受理
status-in_progress = 处理中
status-resolved = 已解决
status-referred = 已移交其他机构
status-closed = 已结案
status-rejected = 不予受理

message-title = 补充说明
message-label = 想补充什么？
message-hint = 处理单位会收到通知，并在系统里看到您写的内容。
message-submit = 发送补充说明

evidence-title = 上传证据
evidence-label = 选择文件
evidence-hint = 工资条、聊天截图、照片等。每份投诉最多 5 个文件，每个不超过 10 MB；只接受 JPEG、PNG、WebP 图片或 PDF。照片里的位置信息会被删除。
evidence-submit = 上传
evidence-added = 已上传 { $count } 个文件。

filed-title = 投诉已提交
form-already-filed = 这份表格之前已经用不同的内容提交过了。如果当时收到了编号和回执码，请在“查询进展”里补充说明；如果没有收到，请检查下面的内容后再提交一次，它会作为一份新的投诉提交。
filed-reference = 投诉编号
filed-code = 回执码（只显示这一次）
filed-copy = 复制回执码
filed-copied = 已复制
filed-keep = 请现在截图，或者把编号和回执码抄下来。以后查询进展、补充材料都要用到它们。回执码丢了无法找回。
filed-next-title = 接下来
filed-next = 接收单位应在 { $date } 前受理或说明不受理的理由。
filed-track-later = 以后查询进展

form-title = 提交劳动权益投诉
form-lead = 骑手、快递员、网约车司机等都可以投诉。大约需要 5 分钟。标着“选填”的可以不填。
form-safety = 可以匿名投诉。
form-expired = 为了安全，请再按一次提交。您填写的内容都还在。
form-rate-limited = 提交太频繁了，请 { $seconds } 秒后再按提交。您填写的内容都还在。
errors-title = 有几处需要修改
form-submit = 提交投诉

behalf-title = 代劳动者提交
behalf-lead = 您以志愿者 { $name } 的身份代劳动者提交。请选择劳动者是怎样同意的：
behalf-verbal = 口头同意
behalf-written = 书面同意
behalf-in_app = 在应用里同意

category-title = 遇到了什么问题？
region-title = 在哪里工作？
region-hint = 先选省份，再选城市和区县。
region-province = 省份
region-city = 城市
region-county = 区县（选填）
region-choose = 请选择
region-next = 显示下一级地区

details-title = 发生了什么
description-label = 请说说发生了什么
description-hint = 至少 10 个字。写清楚时间、地点、谁、欠了多少钱或发生了什么事。
platform-label = 平台（选填）
platform-hint = 例如 美团、饿了么、某快递公司
employer-label = 站点或公司（选填）
employer-hint = 例如 配送站、劳务派遣公司、外包公司的名字
occurred-label = 什么时候开始的（选填）
occurred-hint = 例如 2026-05-01
amount-label = 被拖欠的金额，单位元（选填）
amount-hint = 只写数字，例如 3500 或 3500.50
affected-label = 一共有几个人遇到这个问题（选填）
affected-hint = 只有您自己就写 1
tags-title = 是否涉及下面的情况（选填）
tags-hint = 选上后，会同时告诉相关的组织。
tag-women = 女职工权益
tag-disability = 残疾人权益
tag-minor = 未成年人
tag-migrant = 外来务工人员
tag-injury = 工伤

contact-title = 您的联系方式
anonymous-label = 匿名投诉
anonymous-hint = 不留姓名和电话。处理单位就无法联系您，但您仍然可以用回执码查询进展。
name-label = 姓名
phone-label = 手机号
phone-hint = 11 位手机号
email-label = 邮箱（选填）
email-hint = 填写后可以用邮件接收进展通知
id-label = 身份证号（选填）
id-hint = 18 位。填写后处理单位核实身份会更快。
notify-label = 状态有变化时发邮件告诉我

email-receipt-label = 把回执码也发到我的邮箱
email-receipt-hint = 只在只有您自己能看的邮箱使用：有编号和回执码的人都能查看这份投诉。

consent-title = 同意并提交
consent-processing = 我同意为处理这份投诉使用我填写的信息。
consent-forwarding = 我同意把这份投诉转给上面列出的单位。

js-offline-queued = 现在没有网络。投诉已经保存在这部手机上，联网后会自动发送，请不要关闭页面。
js-sending = 正在提交…
js-retrying = 网络恢复了，正在重新提交…
js-draft-restored = 已恢复您上次没填完的内容。
js-server-busy = 系统暂时忙不过来，投诉已保存在手机上，稍后会自动再试。
