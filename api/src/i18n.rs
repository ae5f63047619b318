//! The words of the JSON API in zh-CN and English: a message for every field error code and a
//! title and detail for every problem type. Codes are stable; wording may improve.

use crate::domain::field_error::FieldError;
use crate::domain::language::Language;

/// (code, zh-CN, English). `{name}` is replaced by the error's parameter of that name.
const FIELD_MESSAGES: &[(&str, &str, &str)] = &[
    ("required", "此项必填。", "This field is required."),
    ("invalid_type", "这一项的格式不对。", "This field has the wrong type of value."),
    ("too_short", "至少要写 {min} 个字。", "Write at least {min} characters."),
    ("too_long", "最多只能写 {max} 个字。", "Write at most {max} characters."),
    ("out_of_range", "请填写 {min} 到 {max} 之间的整数。", "Enter a whole number from {min} to {max}."),
    ("category_unknown", "请从列表中选择一个问题类型。", "Choose a problem type from the list."),
    (
        "region_invalid",
        "地区代码是 4 位或 6 位数字，请从列表中选择地区。",
        "A region code has 4 or 6 digits: choose the place from the list.",
    ),
    (
        "region_unknown",
        "没有这个地区代码，请从列表中选择地区。",
        "No place has this region code: choose it from the list.",
    ),
    ("region_too_broad", "请选到市或区县一级，不要只选省份。", "Choose a city or county, not only the province."),
    ("date_invalid", "日期请写成 年-月-日，例如 2026-05-01。", "Write the date as YYYY-MM-DD, for example 2026-05-01."),
    ("date_in_future", "日期不能晚于今天。", "The date cannot be later than today."),
    ("date_too_early", "日期不能早于 2000-01-01。", "The date cannot be earlier than 2000-01-01."),
    (
        "amount_invalid",
        "金额请只写数字，例如 3500 或 3500.50。",
        "Write the amount as a number only, for example 3500 or 3500.50.",
    ),
    ("amount_negative", "金额不能是负数。", "The amount cannot be negative."),
    (
        "amount_too_many_decimals",
        "金额最多写到分（两位小数）。",
        "Write the amount with at most two decimals (to the fen).",
    ),
    ("amount_too_large", "金额不能超过 1 亿元。", "The amount cannot be more than 100,000,000 yuan."),
    (
        "tag_unknown",
        "没有这个标签：{value}。可选：women、disability、minor、migrant、injury。",
        "Unknown tag: {value}. Choose from women, disability, minor, migrant, injury.",
    ),
    (
        "contact_not_allowed",
        "匿名投诉不要填写联系方式。如果想留下联系方式，请取消匿名。",
        "Leave contact details out of an anonymous complaint, or untick anonymous to give them.",
    ),
    (
        "contact_required",
        "请留下姓名和手机号，或者选择匿名投诉。",
        "Give your name and mobile number, or choose to complain anonymously.",
    ),
    (
        "phone_invalid",
        "请填写 11 位手机号码，例如 138 0013 8000。",
        "Enter an 11-digit mainland mobile number, for example 138 0013 8000.",
    ),
    ("email_invalid", "邮箱格式不对，例如 name@example.com。", "Enter an email address such as name@example.com."),
    (
        "id_number_invalid",
        "身份证号是 18 位：17 位数字加最后一位数字或 X。",
        "An ID number has 18 characters: 17 digits, then a digit or X.",
    ),
    (
        "id_number_birth_date",
        "身份证号里的出生日期不对，请检查。",
        "The birth date inside the ID number is not a real date: check it.",
    ),
    (
        "id_number_checksum",
        "身份证号最后一位对不上，可能有数字输错了，请检查。",
        "The last character of the ID number does not match: a digit may be mistyped.",
    ),
    ("language_unsupported", "语言只能是 zh-CN 或 en。", "The language must be zh-CN or en."),
    (
        "notify_requires_email",
        "要用邮件接收进展通知，请填写邮箱。",
        "Give an email address to be told of progress by email.",
    ),
    ("consent_required", "需要您勾选同意，才能提交。", "You must tick this to agree before the complaint can be sent."),
    ("prefix_unknown", "没有这个地区代码前缀。", "No region has this code prefix."),
    (
        "rule_never_matches",
        "这条规则永远不会匹配：它要求的类别或标签不存在。",
        "This rule can never match: the category or tag it requires does not exist.",
    ),
    (
        "kind_invalid",
        "单位类型只能是 procuratorate、trade_union、labour_inspection、womens_federation、disabled_persons_federation 或 intake_desk。",
        "The kind must be procuratorate, trade_union, labour_inspection, womens_federation, disabled_persons_federation or intake_desk.",
    ),
    ("code_taken", "这个编码已被使用。", "This code is in use already."),
    ("csv_invalid", "CSV 第 {row} 行有误：{reason}", "Row {row} of the CSV is wrong: {reason}"),
    ("reason_required", "请写明理由，投诉人会看到。", "Give a reason: the worker will read it."),
    ("status_unknown", "没有这个状态。", "There is no such status."),
    (
        "on_behalf_required",
        "代为投诉时，请选择投诉人同意的方式。",
        "When filing on a worker's behalf, say how the worker consented.",
    ),
    (
        "consent_method_invalid",
        "同意方式只能是 verbal、written 或 in_app。",
        "The consent method must be verbal, written or in_app.",
    ),
    ("office_unknown", "没有这个单位，或者它已停用。", "No active office has this id."),
    ("staff_unknown", "没有这个工作人员，或者他不在这个单位。", "No active officer of this office has this id."),
    ("role_invalid", "角色只能是 admin、officer 或 volunteer。", "The role must be admin, officer or volunteer."),
    ("office_required", "办案人员必须属于一个单位。", "An officer must belong to an office."),
    ("email_taken", "这个邮箱已经有账号了。", "An account with this email exists already."),
    ("password_too_short", "密码至少 {min} 个字符。", "The password needs at least {min} characters."),
    (
        "text_invalid",
        "内容里有无法识别的控制字符，请删除后再试。",
        "The text contains control characters: remove them and try again.",
    ),
    (
        "office_code_invalid",
        "单位编码只能用字母、数字、-、_ 和 .，最多 64 个字符。",
        "An office code uses letters, digits, -, _ and . only, at most 64 characters.",
    ),
    ("default_office_required", "默认接收单位不能停用。", "The default office cannot be disabled."),
    ("rule_role_invalid", "规则的角色只能是 primary 或 copy。", "The role of a rule must be primary or copy."),
    (
        "own_account",
        "不能停用自己的账号，也不能取消自己的管理员角色。",
        "You cannot disable your own account or remove your own administrator role.",
    ),
];

/// (code, zh-CN title, English title, zh-CN detail, English detail).
const PROBLEMS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "validation",
        "填写的内容需要修改",
        "Some fields need fixing",
        "请按每一项的提示修改后再提交。",
        "Fix each field listed in errors, then send again.",
    ),
    (
        "malformed_json",
        "请求内容不是有效的 JSON",
        "The request body is not valid JSON",
        "请检查请求内容的格式。",
        "Check the syntax of the request body.",
    ),
    (
        "unsupported_media_type",
        "不支持的内容类型",
        "Unsupported content type",
        "请以 Content-Type: application/json 发送。",
        "Send the body with Content-Type: application/json.",
    ),
    (
        "payload_too_large",
        "请求内容太大",
        "The request body is too large",
        "请求内容不能超过 {limit}。",
        "The request body must not exceed {limit}.",
    ),
    ("not_found", "没有找到", "Not found", "没有这个地址或记录。", "There is nothing at this address."),
    (
        "complaint_not_found",
        "没有找到这条投诉",
        "Complaint not found",
        "请检查投诉编号和回执码是否输入正确。",
        "Check the reference and the receipt code.",
    ),
    ("region_not_found", "没有这个地区", "Region not found", "没有这个地区代码。", "No region has this code."),
    (
        "outbox_message_not_found",
        "没有这封邮件",
        "Message not found",
        "发件箱里没有这个编号的邮件。",
        "The outbox has no message with this id.",
    ),
    (
        "method_not_allowed",
        "不支持这种请求方式",
        "Method not allowed",
        "这个地址不接受这种请求方式。",
        "This address does not accept this method.",
    ),
    (
        "rate_limited",
        "请求太频繁",
        "Too many requests",
        "请等 {seconds} 秒后再试。您之前提交的内容不会丢失。",
        "Wait {seconds} seconds and try again. Nothing you sent before is lost.",
    ),
    (
        "idempotency_key_reused",
        "同一个 Idempotency-Key 被用于不同的内容",
        "Idempotency-Key reused with another body",
        "每份新的投诉请使用新的 Idempotency-Key；重试时请发送完全相同的内容。",
        "Use a new Idempotency-Key for each new complaint; a retry must send exactly the same body.",
    ),
    (
        "idempotency_key_invalid",
        "Idempotency-Key 格式不对",
        "Invalid Idempotency-Key",
        "Idempotency-Key 应为 1 到 64 个可见的 ASCII 字符。",
        "An Idempotency-Key is 1 to 64 visible ASCII characters.",
    ),
    ("bad_request", "请求有误", "Bad request", "{reason}", "{reason}"),
    (
        "service_unavailable",
        "服务暂时不可用",
        "Service temporarily unavailable",
        "请稍后再试，您的内容没有丢失。",
        "Try again shortly; nothing you sent was lost.",
    ),
    (
        "unauthorized",
        "需要登录",
        "Sign-in required",
        "请先登录，或者登录已过期，请重新登录。",
        "Sign in first, or sign in again: the session has expired.",
    ),
    (
        "invalid_credentials",
        "邮箱或密码不对",
        "Wrong email or password",
        "请检查邮箱和密码后重试。",
        "Check the email and password and try again.",
    ),
    (
        "account_locked",
        "暂时无法登录",
        "Sign-in temporarily locked",
        "登录失败次数太多，请等 {seconds} 秒后再试。",
        "Too many failed sign-ins: try again in {seconds} seconds.",
    ),
    ("forbidden", "没有权限", "Not allowed", "您的账号不能做这个操作。", "Your account may not do this."),
    (
        "case_not_found",
        "没有找到这个案件",
        "Case not found",
        "没有这个案件，或者您的单位不能查看它。",
        "There is no such case, or your office may not see it.",
    ),
    ("office_not_found", "没有这个单位", "Office not found", "没有这个编号的单位。", "No office has this id."),
    (
        "staff_not_found",
        "没有这个账号",
        "Account not found",
        "没有这个编号的工作人员账号。",
        "No staff account has this id.",
    ),
    ("rule_not_found", "没有这条规则", "Rule not found", "没有这个编号的分派规则。", "No routing rule has this id."),
    (
        "transition_not_allowed",
        "不能这样改变状态",
        "Status change not allowed",
        "案件当前的状态不能改成这个状态。",
        "The case cannot move from its current status to this one.",
    ),
    (
        "office_inactive",
        "这个单位已停用",
        "Office disabled",
        "不能把案件转给已停用的单位。",
        "A case cannot go to a disabled office.",
    ),
    (
        "same_office",
        "已经在这个单位",
        "Already with this office",
        "案件已经由这个单位办理。",
        "The case is already with this office.",
    ),
    (
        "attachment_limit_reached",
        "文件数量已到上限",
        "Too many files",
        "每件投诉最多只能上传 5 个文件。已上传的文件加上这次选择的文件超过了 5 个：请少选几个，或者把其余的情况用文字补充。",
        "A complaint can have at most 5 files. The files it has plus the ones you chose come to more than 5: choose fewer, or add the rest as a message.",
    ),
    (
        "attachment_too_large",
        "文件太大",
        "File too large",
        "“{file}”超过了 10 MB。每个文件最大 10 MB：请压缩图片、用较低的分辨率重新拍照或截图，或者把 PDF 拆成几个文件。",
        "“{file}” is larger than 10 MB. Each file may be at most 10 MB: compress the picture, take it again at a lower resolution or as a screenshot, or split the PDF.",
    ),
    (
        "unsupported_file_type",
        "不能接收这种文件",
        "File type not accepted",
        "“{file}”不是可以接收的文件。只能上传 JPEG、PNG、WebP 图片或 PDF 文件：其他文件请截图或导出为 PDF 后再上传。",
        "“{file}” is not a file we can accept. Only JPEG, PNG or WebP pictures and PDF files can be uploaded: take a screenshot of anything else, or save it as PDF.",
    ),
    (
        "file_unreadable",
        "文件打不开",
        "File cannot be opened",
        "“{file}”已损坏，无法打开。请重新拍照、截图或导出文件后再上传。",
        "“{file}” is damaged and cannot be opened. Take the photo or screenshot again, or export the file again, and upload the new one.",
    ),
    (
        "image_too_large",
        "图片尺寸太大",
        "Picture too large",
        "“{file}”的像素太多（最多 5000 万像素）。请缩小图片或截图后再上传。",
        "“{file}” has too many pixels (at most 50 megapixels). Make it smaller, or take a screenshot of it, and upload that.",
    ),
    (
        "multipart_required",
        "请以表单方式上传文件",
        "Send files as multipart/form-data",
        "上传文件时请使用 Content-Type: multipart/form-data，每个文件放在名为 file 的字段里。",
        "Upload files with Content-Type: multipart/form-data, each file in a part named file.",
    ),
    (
        "attachment_not_found",
        "没有这个附件",
        "Attachment not found",
        "这个案件没有这个编号的附件，或者您的单位不能查看这个案件。",
        "This case has no attachment with this id, or your office may not see the case.",
    ),
    ("conflict", "与现有数据冲突", "Conflict", "{reason}", "{reason}"),
    (
        "internal",
        "服务器出错了",
        "Internal error",
        "请稍后再试。如果一直出错，请告诉我们这个请求编号。",
        "Try again later. If it keeps failing, tell us the request id.",
    ),
];

fn fill(template: &str, params: &[(&str, String)]) -> String {
    params.iter().fold(template.to_owned(), |text, (name, value)| text.replace(&format!("{{{name}}}"), value))
}

pub fn field_message(error: &FieldError, lang: Language) -> String {
    let template = FIELD_MESSAGES.iter().find(|(code, _, _)| *code == error.code).map_or(
        match lang {
            Language::ZhCn => "这一项需要修改。",
            Language::En => "This field needs fixing.",
        },
        |(_, zh, en)| match lang {
            Language::ZhCn => zh,
            Language::En => en,
        },
    );
    fill(template, &error.params)
}

/// The title and detail of a problem type.
pub fn problem_text(code: &str, lang: Language, params: &[(&str, String)]) -> (String, String) {
    let entry = PROBLEMS.iter().find(|p| p.0 == code).or_else(|| PROBLEMS.iter().find(|p| p.0 == "internal"));
    match entry {
        Some((_, zh_t, en_t, zh_d, en_d)) => match lang {
            Language::ZhCn => ((*zh_t).to_owned(), fill(zh_d, params)),
            Language::En => ((*en_t).to_owned(), fill(en_d, params)),
        },
        None => (code.to_owned(), String::new()),
    }
}

/// Every problem code, for tests that check each has its status.
pub fn problem_codes() -> impl Iterator<Item = &'static str> {
    PROBLEMS.iter().map(|p| p.0)
}

/// Every field code, for tests that check each has both languages.
pub fn field_codes() -> impl Iterator<Item = &'static str> {
    FIELD_MESSAGES.iter().map(|(c, _, _)| *c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_fill_their_parameters() {
        let e = FieldError::new("description", "too_short").with("min", 10);
        assert_eq!(field_message(&e, Language::ZhCn), "至少要写 10 个字。");
        assert_eq!(field_message(&e, Language::En), "Write at least 10 characters.");
    }

    #[test]
    fn evidence_problems_name_the_file_and_the_limits_in_force() {
        use crate::domain::evidence::{MAX_FILE_BYTES, MAX_FILES_PER_COMPLAINT};
        use crate::service::evidence::reencode::MAX_PIXELS;
        // The texts state the limits as numbers: they must be the ones enforced.
        assert_eq!((MAX_FILES_PER_COMPLAINT, MAX_FILE_BYTES, MAX_PIXELS), (5, 10 * 1024 * 1024, 50_000_000));
        let file = [("file", "photo.jpg".to_owned())];
        for code in ["attachment_too_large", "unsupported_file_type", "file_unreadable", "image_too_large"] {
            for lang in [Language::ZhCn, Language::En] {
                let (title, detail) = problem_text(code, lang, &file);
                assert!(!title.is_empty() && detail.contains("“photo.jpg”"), "{code} {detail}");
            }
        }
        let (_, zh) = problem_text("unsupported_file_type", Language::ZhCn, &file);
        assert!(zh.contains("只能上传 JPEG、PNG、WebP 图片或 PDF 文件"));
        let (_, en) = problem_text("unsupported_file_type", Language::En, &file);
        assert!(en.contains("JPEG, PNG or WebP pictures and PDF files"));
    }

    #[test]
    fn every_message_exists_in_both_languages_and_uses_known_parameters() {
        for (code, zh, en) in FIELD_MESSAGES {
            assert!(!zh.is_empty() && !en.is_empty(), "{code}");
            let params = |s: &str| s.matches('{').count();
            assert_eq!(params(zh), params(en), "{code} has different parameters");
        }
        let codes: Vec<_> = field_codes().collect();
        let mut unique = codes.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(codes.len(), unique.len(), "duplicate codes");
    }
}
