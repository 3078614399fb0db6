namespace Bayu.Demo.Region;

/// <summary>Common surnames and given-name characters for synthetic residents and staff.</summary>
internal static class ChineseNames
{
    // The most frequent surnames, most common first; the generator favours the head of the list.
    public static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
        "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
    ];

    public static readonly string[] MaleGiven =
    [
        "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
        "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳", "建", "国", "峰", "晨", "亮", "成", "志", "文", "博", "毅",
    ];

    public static readonly string[] FemaleGiven =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀", "玲", "桂", "英", "梅", "琳", "燕", "雪", "倩", "婷", "慧", "莉",
        "萍", "红", "玉", "兰", "颖", "洁", "佳", "悦", "欣", "瑶", "怡", "璐", "蕾", "露", "晶", "丹", "琴", "云", "思", "雨",
    ];

    public static readonly string[] Roads =
    [
        "解放路", "民生路", "中山路", "人民路", "建设路", "和平路", "新华路", "长江路", "嘉陵路", "滨江路", "学府大道", "兴隆街", "朝天门路", "南坪路",
    ];

    public static (string Family, string Given) Draw(ref DemoRandom random, bool male)
    {
        // Squaring a uniform draw skews towards the frequent surnames at the head of the list.
        var u = random.Next(10_000) / 10_000.0;
        var family = Surnames[(int)(u * u * Surnames.Length)];
        var pool = male ? MaleGiven : FemaleGiven;
        var given = random.Next(3) == 0 ? pool[random.Next(pool.Length)] : pool[random.Next(pool.Length)] + pool[random.Next(pool.Length)];
        return (family, given);
    }
}
