# The worker's employment mode and the employer's unified social credit code.

## The complaint form
employment-mode-label = 您是怎么干活的？（选填）
employment-mode-hint = 不确定就不选，不影响提交。
employment-mode-choose = 不确定，先不选
employment-mode-dedicated = 专送
employment-mode-dedicated-hint = 专送：站点给您排班，站长管考勤，只跑一个平台的单。
employment-mode-crowdsourced = 众包
employment-mode-crowdsourced-hint = 众包：自己在 App 上抢单，想跑就跑，没人给您排班。
employment-mode-courier_outlet = 快递网点
employment-mode-courier_outlet-hint = 快递网点：在快递网点上班，派件、揽件。
employment-mode-ride_hailing = 网约车
employment-mode-ride_hailing-hint = 网约车：在打车平台上接单，开车拉客。
employment-mode-other = 其他
employment-mode-other-hint = 其他：都不像，比如跑腿、同城货运。
employment-credit-code-label = 单位的统一社会信用代码（选填）
employment-credit-code-hint = 18 位数字和字母，印在单位的营业执照上；也可以在“国家企业信用信息公示系统”网站搜单位名字查到。不知道可以不填。

## Field errors
field-employment_mode_unknown = 请从列表里选一种；不确定就不选。
field-credit_code_invalid = 这个代码不对：应该是 18 位数字和字母。请对照营业执照再看一遍，不知道可以不填。

## The console's case page
employment-console-mode = 用工方式
employment-console-credit-code = 统一社会信用代码
